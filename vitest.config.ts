import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    // Generous limits: PGlite (Postgres in WebAssembly) and PBKDF2 are slow on a busy CI
    // machine, and a timeout is not what these tests measure.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // The elements' tests run in Chromium under web-test-runner (web-test-runner.config.mjs).
    exclude: ['**/node_modules/**', 'packages/elements/**'],
    // Type tests (expectTypeOf / @ts-expect-error) run through tsc, not at runtime.
    typecheck: {
      include: ['packages/*/src/**/*.test-d.ts', 'packages/*/test/**/*.test-d.ts'],
      tsconfig: './tsconfig.json',
    },
    // The business-day rules must hold whatever the host's zone; CI runs far from Tokyo.
    env: { TZ: 'America/Los_Angeles' },
  },
});
