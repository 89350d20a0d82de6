/**
 * `npx tsx examples/plain-html/serve.ts`: the plain-HTML page on http://localhost:8790 (PORT),
 * with the in-memory service from @shomei/mock behind it. Build the bundles first:
 * `npm run build -w @shomei/elements`.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { createMockService, DEMO_STUDENTS } from '@shomei/mock';
import { createPlainHtmlApp, DEFAULT_BUNDLE_DIR } from './app.js';

const port = Number(process.env['PORT'] ?? 8790);
const origin = `http://localhost:${port}`;
if (!existsSync(join(DEFAULT_BUNDLE_DIR, 'all.js'))) {
  console.error('No bundles yet: run `npm run build -w @shomei/elements` first.');
  process.exit(1);
}
const mock = createMockService({ baseUrl: origin });
serve({ fetch: createPlainHtmlApp({ service: mock.app }).fetch, port, hostname: '127.0.0.1' });
const { returning } = DEMO_STUDENTS;
console.log(
  `Plain-HTML example on ${origin}/ (mails in this terminal)\n` +
    `  log in as ${returning.userId} / ${returning.password} / ${returning.secondPassword}`,
);
// The dev mailbox: print each new mail (the auth key is in its text).
let printed = 0;
setInterval(() => {
  const mails = mock.mailbox.all();
  for (const mail of mails.slice(printed))
    console.log(`\nmail to ${mail.to}: ${mail.subject}\n${mail.text}`);
  printed = mails.length;
}, 1000);
