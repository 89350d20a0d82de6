/**
 * scripts/locale-graph.ts (X1, docs/decisions/0013): which texts a page needs before first
 * render and which arrive with a lazily loaded module, read from a small source tree.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { analyzeMessageUsage } from '../../scripts/locale-graph.js';

let dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  dirs = [];
});

/** A `src` directory with these files. */
function sourceTree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'shomei-locale-graph-'));
  dirs.push(dir);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, dirname(path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const ELEMENT = `
import { msg } from '@lit/localize';
import { withTexts } from '../localization.js';
import type { Kit } from './x-screens.js';
import { shared } from '../internal/shared.js';
export const load = () => withTexts(import('./x-screens.js'), 'x/x-screens');
export const title = () => msg('題', { id: 'x.title' }) + shared();
`;
const SCREENS = `
import { msg } from '@lit/localize';
import { shared } from '../internal/shared.js';
import { onlyLazy } from '../internal/only-lazy.js';
export type Kit = string;
export const screen = () => msg('画面', { id: 'x.screen' }) + msg('題', { id: 'x.title' }) + onlyLazy() + shared();
`;

const tree = (overrides: Record<string, string> = {}) =>
  sourceTree({
    'all.ts': "import './x/x.js';\n",
    'index.ts': "export { title } from './x/x.js';\nexport type { Kit } from './x/x-screens.js';\n",
    'entries/x.ts': "import '../x/x.js';\n",
    'localization.ts':
      "import './generated/locales/loaders.js';\nexport const withTexts = <M>(m: Promise<M>, _k: string) => m;\n",
    'x/x.ts': ELEMENT,
    'x/x-screens.ts': SCREENS,
    'x/x.test.ts': "import './x-screens.js';\n",
    'internal/shared.ts':
      "import { msg } from '@lit/localize';\nexport const shared = () => msg('共有', { id: 'error.shared' });\n",
    'internal/only-lazy.ts':
      "import { msg } from '@lit/localize';\nexport const onlyLazy = () => msg('遅延', { id: 'error.only-lazy' });\n",
    ...overrides,
  });

describe('the import graph of the element sources (X1)', () => {
  it('X1: modules reached by static imports from the entries are eager; import() and type imports are not static edges', () => {
    const usage = analyzeMessageUsage(tree());
    expect([...usage.eager].sort()).toEqual([
      'all',
      'entries/x',
      'index',
      'internal/shared',
      'localization',
      'x/x',
    ]);
    expect([...usage.lazyModules]).toEqual([
      ['x/x-screens', ['internal/only-lazy', 'x/x-screens']],
    ]);
    expect(usage.modulesOf.get('x.title')).toEqual(['x/x-screens', 'x/x']);
    expect(usage.modulesOf.get('x.screen')).toEqual(['x/x-screens']);
    expect(usage.modulesOf.get('error.only-lazy')).toEqual(['internal/only-lazy']);
  });

  it('X1: an `import { type A }` still loads its module, so it is an edge', () => {
    const usage = analyzeMessageUsage(
      tree({ 'all.ts': "import './x/x.js';\nimport { type Kit } from './x/x-screens.js';\n" }),
    );
    expect(usage.eager.has('x/x-screens')).toBe(true);
    expect(usage.lazyModules.get('x/x-screens')).toEqual([]);
  });

  it('X1: an import() not written with its texts, or naming another module, fails with its place', () => {
    expect(() =>
      analyzeMessageUsage(
        tree({
          'x/x.ts': ELEMENT.replace(
            "withTexts(import('./x-screens.js'), 'x/x-screens')",
            "import('./x-screens.js')",
          ),
        }),
      ),
    ).toThrow(/x\/x\.ts:6: write this import\(\) as withTexts\(import\('…'\), 'x\/x-screens'\)/u);
    expect(() =>
      analyzeMessageUsage(tree({ 'x/x.ts': ELEMENT.replace("'x/x-screens')", "'y/y-screens')") })),
    ).toThrow(/it names 'y\/y-screens'/u);
  });

  it('X1: a msg() without a literal id fails with its place', () => {
    expect(() =>
      analyzeMessageUsage(
        tree({
          'internal/only-lazy.ts':
            "import { msg } from '@lit/localize';\nexport const onlyLazy = () => msg('遅延');\n",
        }),
      ),
    ).toThrow(/internal\/only-lazy\.ts:2: msg\(\) without a literal `id`/u);
  });
});
