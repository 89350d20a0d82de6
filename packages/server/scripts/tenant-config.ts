/**
 * X6: the files generated from the tenant file's zod schema (src/tenant-config/schema.ts):
 * the JSON Schema for editors (packages/server/tenant.schema.json) and the reference in
 * docs/tenant-config.md.
 *
 *   tsx packages/server/scripts/tenant-config.ts --write   rewrite both
 *   tsx packages/server/scripts/tenant-config.ts --check   exit 1 when either is stale (npm test)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generatedTenantConfigFiles } from '../src/tenant-config/generate.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const mode = process.argv[2];
if (mode !== '--write' && mode !== '--check') {
  process.stderr.write('usage: tenant-config.ts --write | --check\n');
  process.exit(2);
}

const files = await generatedTenantConfigFiles(root);
let stale = 0;
for (const { path, content } of files) {
  const current = readFileSync(path, 'utf8');
  if (current === content) continue;
  if (mode === '--write') {
    writeFileSync(path, content);
    process.stdout.write(`wrote ${path}\n`);
  } else {
    stale += 1;
    process.stderr.write(`${path} is stale: run \`npm run tenant-config\`\n`);
  }
}
process.exitCode = stale === 0 ? 0 : 1;
