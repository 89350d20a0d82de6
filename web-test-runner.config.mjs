// @ts-check
// Browser tests of packages/elements (npm run test:browser): real Chromium through Playwright.
// `npm run test:browser` first runs scripts/ensure-chromium.mjs, which installs or explains it.
import { build } from 'esbuild';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { fileURLToPath } from 'node:url';
import { CHROME_PATH, CHROMIUM_ARGS } from './test/support/chromium-launch.mjs';

/**
 * The tests run the mock service in the page (@shomei/mock -> service -> core). The core uses
 * @holiday-jp/holiday_jp, a CommonJS package, which a browser cannot import as is: serve it
 * bundled to ESM by esbuild. Only what the mock needs; the elements themselves import no CJS.
 * @param {string[]} packages
 * @returns {import('@web/test-runner').TestRunnerPlugin}
 */
function commonjsAsEsm(packages) {
  const prefix = '/__commonjs__/';
  /** @type {Map<string, Promise<string>>} */
  const bundles = new Map();
  return {
    name: 'shomei-commonjs-as-esm',
    resolveImport({ source }) {
      if (packages.includes(source)) return `${prefix}${encodeURIComponent(source)}.js`;
      return undefined;
    },
    async serve(context) {
      if (!context.path.startsWith(prefix)) return undefined;
      const name = decodeURIComponent(context.path.slice(prefix.length, -'.js'.length));
      if (!packages.includes(name)) return undefined;
      let bundle = bundles.get(name);
      if (bundle === undefined) {
        bundle = build({
          stdin: { contents: `export { default } from '${name}';`, resolveDir: process.cwd() },
          bundle: true,
          format: 'esm',
          platform: 'browser',
          write: false,
          logLevel: 'silent',
        }).then((result) => result.outputFiles[0]?.text ?? '');
        bundles.set(name, bundle);
      }
      return { body: await bundle, type: 'js' };
    },
  };
}

/** @type {import('@web/test-runner').TestRunnerConfig} */
export default {
  files: ['packages/elements/src/**/*.test.ts'],
  nodeResolve: { exportConditions: ['browser', 'development'] },
  plugins: [
    commonjsAsEsm(['@holiday-jp/holiday_jp']),
    esbuildPlugin({
      ts: true,
      target: 'es2022',
      // Read as raw text (esbuild does not follow `extends`): Lit's legacy decorators.
      tsconfig: fileURLToPath(new URL('./packages/elements/tsconfig.json', import.meta.url)),
    }),
  ],
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: {
        executablePath: CHROME_PATH,
        args: CHROMIUM_ARGS,
      },
    }),
  ],
  // Test files in parallel, one page each. Two, for a 2-core CI box: measured there with two busy
  // loops and other jobs beside it (load 17-24), four pages finished the suite in 89-121 s and
  // two in 99-138 s, but with four the pages fought over the cores: the order by keyboard took
  // 13.7 s against 1.5 s, the slowest test 13.7 s against 3.3 s. About the same wall time with a
  // fraction of the per-test delay keeps every wait far from the hang limits below.
  concurrency: 2,
  // The time-outs below only catch hangs; none is a deadline a slow run can reach. The tests wait
  // for the state they are about (packages/elements/test/wait.ts), never for a fixed time, so a
  // busy 2-core box makes them slower, not red. A test that really hangs still fails, with its
  // message, once its wait passes HANG_MS (60 s there) or mocha's per-test limit (2 min here).
  // Chromium's start, and a page's module graph (esbuild transforms each module on its first
  // request in a run), take far longer on a loaded box than the defaults (30 s, 20 s) allow for.
  browserStartTimeout: 120_000,
  testsStartTimeout: 120_000,
  // A whole test file: many tests, each with its own 2-minute hang limit, so far above the
  // slowest file (order.test.ts) on a loaded machine.
  testsFinishTimeout: 20 * 60_000,
  // Lit's dev build (the `development` condition, with its extra checks) says so on every page.
  filterBrowserLogs: ({ args }) => !String(args[0]).startsWith('Lit is in dev mode'),
  testFramework: {
    // Per test: a hang, not a slow machine (a login journey by keyboard took over 5 s, mocha's
    // old limit here, on an idle 2-core box). Above the waits' HANG_MS, so they report first.
    config: { timeout: 120_000 },
  },
  testRunnerHtml: (testFramework) => `<!doctype html>
    <html lang="ja">
      <head><meta charset="utf-8"><meta name="viewport" content="width=device-width"></head>
      <body><script type="module" src="${testFramework}"></script></body>
    </html>`,
};
