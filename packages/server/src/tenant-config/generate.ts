/** X6: what `npm run tenant-config` writes, computed (the script and its test share it). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as prettier from 'prettier';
import { withReference } from './reference.js';
import { tenantJsonSchema } from './schema.js';

export interface GeneratedFile {
  readonly path: string;
  readonly content: string;
}

/** The JSON Schema and the reference doc as they should be, under the repository `root`. */
export async function generatedTenantConfigFiles(root: string): Promise<GeneratedFile[]> {
  const schema = tenantJsonSchema();
  const schemaPath = join(root, 'packages/server/tenant.schema.json');
  const options = (await prettier.resolveConfig(schemaPath)) ?? {};
  const schemaText = await prettier.format(JSON.stringify(schema), {
    ...options,
    filepath: schemaPath,
  });
  const docPath = join(root, 'docs/tenant-config.md');
  const doc = withReference(readFileSync(docPath, 'utf8'), schema);
  return [
    { path: schemaPath, content: schemaText },
    { path: docPath, content: doc },
  ];
}
