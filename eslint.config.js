// @ts-check
// ESLint flat config for the whole monorepo.
//
// Formatting belongs to Prettier alone: @eslint/js and typescript-eslint "recommended" carry no
// stylistic rules (since ESLint 9 / typescript-eslint 8), so eslint-config-prettier is not needed.
// Linting is syntax-only (no type information) to stay fast; tsc covers the rest.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const TS_FILES = ['**/*.{ts,tsx,mts,cts}'];
const TEST_FILES = ['**/*.test.{ts,tsx}', '**/*.test-d.{ts,tsx}'];

// The walls between packages (STYLE.md, "The shape of the house"). `no-restricted-globals` only
// sees bare identifiers, so `globalThis.fetch` and friends are walled with
// `no-restricted-properties` as well.
const GLOBAL_OBJECTS = ['globalThis', 'self', 'window'];

/**
 * @param {string[]} names
 * @param {string} message
 * @returns {import('eslint').Linter.RuleEntry}
 */
const restrictGlobals = (names, message) => ['error', ...names.map((name) => ({ name, message }))];

/**
 * @param {string[]} names
 * @param {string} message
 * @returns {import('eslint').Linter.RuleEntry}
 */
const restrictGlobalProperties = (names, message) => [
  'error',
  ...GLOBAL_OBJECTS.flatMap((object) => names.map((property) => ({ object, property, message }))),
];

const CORE_NO_IO =
  'packages/core is pure domain rules: no I/O, no DOM. Take what you need as a parameter.';
const SDK_NO_DOM = 'packages/sdk knows nothing of the DOM; UI belongs in packages/elements.';

const NODE_BUILTINS = [
  'fs',
  'http',
  'https',
  'http2',
  'net',
  'tls',
  'dgram',
  'dns',
  'child_process',
  'cluster',
  'worker_threads',
  'os',
  'path',
  'process',
];

// Every package is reached through its name and its public `exports`, never by a relative path
// into its sources nor by a deep import; otherwise the walls below could be walked around.
const PACKAGE_PATTERNS = [
  {
    regex: '^(\\.\\./)+(packages/)?(core|sdk|service|mock|elements|server)/src(/|$)',
    message: 'Import the package by name (@shomei/...), not by a path into its sources.',
  },
  {
    group: ['@shomei/*/src', '@shomei/*/src/*'],
    message: 'Use the package entry (@shomei/<name>); imports into src skip its public API.',
  },
];

/**
 * @param {{ paths?: { name: string, message: string }[], patterns?: object[] }} [wall]
 * @returns {import('eslint').Linter.RuleEntry}
 */
const restrictImports = (wall = {}) => [
  'error',
  {
    paths: wall.paths ?? [],
    patterns: [...PACKAGE_PATTERNS, ...(wall.patterns ?? [])],
  },
];

const ELEMENTS_SDK_ONLY =
  'packages/elements uses nothing but the public API of @shomei/sdk (which owns all HTTP).';
const ELEMENTS_CSP =
  'packages/elements must work under Trusted Types and style-src self: render with lit templates.';

export default defineConfig(
  {
    name: 'shomei/ignores',
    ignores: [
      '**/node_modules/',
      '**/dist/',
      '**/coverage/',
      '**/storybook-static/',
      '.data/',
      'artifacts/',
      'packages/sdk/openapi.json',
      // Generated code: lit-localize output, custom-elements manifests, anything named so.
      '**/generated/',
      '**/*.generated.*',
      '**/custom-elements.json',
    ],
  },

  js.configs.recommended,
  tseslint.configs.recommended,

  {
    name: 'shomei/all',
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      eqeqeq: ['error', 'smart'],
      // Japanese text (comments, labels, patterns) legitimately holds the full-width space U+3000;
      // only whitespace in the code itself is a mistake.
      'no-irregular-whitespace': [
        'error',
        { skipComments: true, skipStrings: true, skipTemplates: true, skipRegExps: true },
      ],
      'no-var': 'error',
      'prefer-const': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
    },
  },

  {
    name: 'shomei/typescript',
    files: TS_FILES,
    rules: {
      // verbatimModuleSyntax is on: a type-only import must say so, as a separate `import type`
      // so that nothing is left behind as a side-effect import.
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { prefer: 'type-imports', fixStyle: 'separate-type-imports' },
      ],
      '@typescript-eslint/no-import-type-side-effects': 'error',
    },
  },

  // Plain JS files: config files and scripts run in Node; examples and stories in the browser.
  {
    name: 'shomei/node-js',
    files: [
      '*.{js,mjs,cjs}',
      'scripts/**/*.{js,mjs,cjs}',
      'test/support/*.mjs',
      'packages/*/scripts/**/*.{js,mjs,cjs}',
    ],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    name: 'shomei/browser-js',
    files: ['examples/**/*.{js,mjs}', 'stories/**/*.{js,mjs}', 'packages/elements/**/*.{js,mjs}'],
    languageOptions: { globals: { ...globals.browser } },
  },

  {
    name: 'shomei/package-boundaries',
    files: ['packages/**', 'test/**', 'examples/**', 'stories/**'],
    rules: { 'no-restricted-imports': restrictImports() },
  },

  // Wall: packages/core is pure.
  {
    name: 'shomei/wall-core',
    files: ['packages/core/src/**'],
    rules: {
      'no-restricted-imports': restrictImports({
        paths: NODE_BUILTINS.map((name) => ({ name, message: CORE_NO_IO })),
        patterns: [{ group: ['node:*', 'fs/*'], message: CORE_NO_IO }],
      }),
      'no-restricted-globals': restrictGlobals(
        [
          'fetch',
          'XMLHttpRequest',
          'WebSocket',
          'process',
          'document',
          'window',
          'localStorage',
          'sessionStorage',
          'navigator',
        ],
        CORE_NO_IO,
      ),
      'no-restricted-properties': restrictGlobalProperties(
        ['fetch', 'document', 'localStorage', 'sessionStorage', 'navigator'],
        CORE_NO_IO,
      ),
    },
  },

  // Wall: packages/sdk has no Lit and no DOM.
  {
    name: 'shomei/wall-sdk',
    files: ['packages/sdk/src/**'],
    rules: {
      'no-restricted-imports': restrictImports({
        paths: [{ name: 'lit', message: SDK_NO_DOM }],
        patterns: [{ group: ['lit/*', '@lit/*', '@lit-labs/*'], message: SDK_NO_DOM }],
      }),
      'no-restricted-globals': restrictGlobals(
        ['document', 'window', 'customElements', 'localStorage', 'sessionStorage', 'HTMLElement'],
        SDK_NO_DOM,
      ),
      'no-restricted-properties': restrictGlobalProperties(
        ['document', 'customElements', 'localStorage', 'sessionStorage'],
        SDK_NO_DOM,
      ),
    },
  },

  // Wall: packages/elements renders what the SDK gives it and never talks HTTP itself.
  // It also stays within a strict CSP (require-trusted-types-for 'script', style-src 'self'):
  // no HTML from strings, no unsafe directives. Test helpers (src/test/) may use the mock.
  {
    name: 'shomei/wall-elements',
    files: ['packages/elements/src/**'],
    ignores: [...TEST_FILES, 'packages/elements/test/**'],
    rules: {
      'no-restricted-imports': restrictImports({
        paths: [
          ...['ky', '@shomei/core', '@shomei/service', '@shomei/mock', 'msw'].map((name) => ({
            name,
            message: ELEMENTS_SDK_ONLY,
          })),
          ...['lit/directives/unsafe-html.js', 'lit/directives/unsafe-svg.js'].map((name) => ({
            name,
            message: ELEMENTS_CSP,
          })),
        ],
        patterns: [{ group: ['msw/*', 'ky/*'], message: ELEMENTS_SDK_ONLY }],
      }),
      'no-restricted-globals': restrictGlobals(['fetch', 'XMLHttpRequest'], ELEMENTS_SDK_ONLY),
      'no-restricted-properties': [
        'error',
        ...GLOBAL_OBJECTS.map((object) => ({
          object,
          property: 'fetch',
          message: ELEMENTS_SDK_ONLY,
        })),
        ...['innerHTML', 'outerHTML', 'insertAdjacentHTML'].map((property) => ({
          property,
          message: ELEMENTS_CSP,
        })),
      ],
    },
  },

  // Tests: Node is fine in core tests (fixtures, timers); the DOM walls stay.
  {
    name: 'shomei/tests',
    files: TEST_FILES,
    rules: {
      // `expect(x).to.be.true` style assertions are expressions.
      '@typescript-eslint/no-unused-expressions': 'off',
      // Type tests put `@ts-expect-error` on the one line that must fail; no essay needed.
      '@typescript-eslint/ban-ts-comment': ['error', { 'ts-expect-error': false }],
    },
  },
  {
    name: 'shomei/tests-core',
    files: ['packages/core/src/**/*.test.{ts,tsx}', 'packages/core/src/**/*.test-d.{ts,tsx}'],
    rules: {
      'no-restricted-imports': restrictImports(),
      'no-restricted-globals': restrictGlobals(['document', 'window', 'localStorage'], CORE_NO_IO),
      'no-restricted-properties': 'off',
    },
  },
  {
    name: 'shomei/type-tests',
    files: ['**/*.test-d.{ts,tsx}'],
    rules: {
      // Type tests may need to name `any` to prove it does not leak.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': 'off',
    },
  },
);
