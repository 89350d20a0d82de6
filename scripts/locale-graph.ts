/**
 * Where each message of packages/elements is used (X1, docs/decisions/0013): read from the
 * import graph of the element sources, for scripts/locale-split.ts.
 *
 * - Modules are the non-test `.ts` files of `packages/elements/src` (generated ones left out),
 *   named by their path under `src` without the extension: `login/login-screens`.
 * - A static `import … from` / `export … from` (or a bare `import './x.js'`) is an edge; an
 *   `import type` / `export type` is not (it is erased). `import { type A } from` is an edge:
 *   under `verbatimModuleSyntax` it stays as `import {} from`, which loads the module.
 *   `import('./x.js')` is a lazy edge. Package imports and `src/generated/` are not followed.
 * - **Eager** modules are those reachable by static edges from `all.ts`, `index.ts` and
 *   `entries/*.ts`: what a page runs before its elements' first render. **Lazy** modules are
 *   reachable only through an `import()` (a screens chunk and what only it imports).
 * - A message used in at least one eager module is eager; a message used only in lazy modules
 *   is lazy. Modules that no root reaches count as eager (their texts stay in the areas, which
 *   is always correct, only larger).
 *
 * Every `import()` of a local module must read `withTexts(import('./x.js'), '<module>')`, so that
 * its texts load alongside it (`src/localization.ts`); the analysis fails otherwise, naming the
 * file and line, and on a `msg()` without a literal `id`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

export interface MessageUsage {
  /** Every message id found in a `msg()` call, with the modules that use it. */
  readonly modulesOf: ReadonlyMap<string, readonly string[]>;
  /** Modules a page runs before first render (and modules nothing reaches: see above). */
  readonly eager: ReadonlySet<string>;
  /**
   * Every local module loaded with `import()`, with the modules it brings that are not eager
   * (itself and what it imports statically): whose texts must arrive with it.
   */
  readonly lazyModules: ReadonlyMap<string, readonly string[]>;
}

interface ModuleInfo {
  readonly file: string;
  readonly imports: string[];
  readonly dynamicImports: { target: string; line: number; wrappedAs: string | undefined }[];
  readonly ids: string[];
}

/** The name of the function that wraps every lazy `import()` (src/localization.ts). */
export const WITH_TEXTS = 'withTexts';

/** The elements' source modules under `dir`: no tests, declarations or generated code. */
export function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory())
      return entry.name === 'generated' || entry.name === 'test' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') &&
      !entry.name.endsWith('.test.ts') &&
      !entry.name.endsWith('.d.ts')
      ? [path]
      : [];
  });
}

/**
 * `./x.js` from `file` → the module name of `x.ts`; undefined for a package import and for a
 * generated module (translations, locale codes: no `msg()`, and they may not be written yet).
 */
function resolveLocal(srcDir: string, file: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const path = resolve(dirname(file), specifier).replace(/\.js$/u, '.ts');
  const name = relative(srcDir, path).replace(/\.ts$/u, '').split('\\').join('/');
  if (name.startsWith('generated/')) return undefined;
  if (!existsSync(path)) throw new Error(`${relative(srcDir, file)}: cannot resolve ${specifier}`);
  return name;
}

/** An import or export declaration that the compiler erases (`import type`, `export type`). */
function isTypeOnly(node: ts.ImportDeclaration | ts.ExportDeclaration): boolean {
  if (ts.isExportDeclaration(node)) return node.isTypeOnly;
  return node.importClause?.isTypeOnly ?? false;
}

function readModule(srcDir: string, file: string): ModuleInfo {
  const source = ts.createSourceFile(
    file,
    readFileSync(file, 'utf8'),
    ts.ScriptTarget.Latest,
    true,
  );
  const where = (node: ts.Node) =>
    `${relative(srcDir, file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  const info: ModuleInfo = { file, imports: [], dynamicImports: [], ids: [] };
  const visit = (node: ts.Node): void => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier !== undefined &&
      ts.isStringLiteral(node.moduleSpecifier) &&
      !isTypeOnly(node)
    ) {
      const target = resolveLocal(srcDir, file, node.moduleSpecifier.text);
      if (target !== undefined) info.imports.push(target);
    }
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [specifier] = node.arguments;
      if (specifier === undefined || !ts.isStringLiteralLike(specifier))
        throw new Error(`${where(node)}: import() of a computed specifier`);
      const target = resolveLocal(srcDir, file, specifier.text);
      if (target !== undefined) {
        const parent = node.parent;
        const key =
          ts.isCallExpression(parent) &&
          ts.isIdentifier(parent.expression) &&
          parent.expression.text === WITH_TEXTS &&
          parent.arguments[0] === node &&
          parent.arguments[1] !== undefined &&
          ts.isStringLiteralLike(parent.arguments[1])
            ? parent.arguments[1].text
            : undefined;
        const line = source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
        info.dynamicImports.push({ target, line, wrappedAs: key });
      }
    }
    if (
      ts.isCallExpression(node) &&
      ts.isIdentifier(node.expression) &&
      node.expression.text === 'msg'
    ) {
      const options = node.arguments[1];
      const id =
        options !== undefined && ts.isObjectLiteralExpression(options)
          ? options.properties.find(
              (property): property is ts.PropertyAssignment =>
                ts.isPropertyAssignment(property) &&
                (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name)) &&
                property.name.text === 'id',
            )?.initializer
          : undefined;
      if (id === undefined || !ts.isStringLiteralLike(id))
        throw new Error(`${where(node)}: msg() without a literal \`id\``);
      info.ids.push(id.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return info;
}

/** The modules reachable from `starts` by static edges, the starts included. */
function closure(modules: ReadonlyMap<string, ModuleInfo>, starts: Iterable<string>): Set<string> {
  const seen = new Set<string>();
  const stack = [...starts];
  for (let name = stack.pop(); name !== undefined; name = stack.pop()) {
    if (seen.has(name)) continue;
    seen.add(name);
    stack.push(...(modules.get(name)?.imports ?? []));
  }
  return seen;
}

/** Reads `srcDir` (packages/elements/src) and says where each message is used. */
export function analyzeMessageUsage(srcDir: string): MessageUsage {
  const modules = new Map<string, ModuleInfo>();
  for (const file of sourceFiles(srcDir)) {
    const info = readModule(srcDir, file);
    modules.set(relative(srcDir, file).replace(/\.ts$/u, '').split('\\').join('/'), info);
  }
  const roots = [...modules.keys()].filter(
    (name) => name === 'all' || name === 'index' || name.startsWith('entries/'),
  );
  const eager = closure(modules, roots);

  const problems: string[] = [];
  const lazyModules = new Map<string, string[]>();
  for (const [name, info] of modules)
    for (const { target, line, wrappedAs } of info.dynamicImports) {
      if (wrappedAs !== target)
        problems.push(
          `${name}.ts:${line}: write this import() as ${WITH_TEXTS}(import('…'), '${target}'), ` +
            `so that its texts load with it` +
            (wrappedAs === undefined ? '' : ` (it names '${wrappedAs}')`),
        );
      lazyModules.set(
        target,
        [...closure(modules, [target])].filter((module) => !eager.has(module)).sort(),
      );
    }
  if (problems.length > 0) throw new Error(problems.join('\n'));

  const modulesOf = new Map<string, string[]>();
  for (const [name, info] of modules)
    for (const id of info.ids) {
      const users = modulesOf.get(id) ?? [];
      if (!users.includes(name)) users.push(name);
      modulesOf.set(id, users);
    }
  // Unreachable modules count as eager: see the header.
  const lazy = new Set([...lazyModules.values()].flat());
  const eagerOrUnreached = new Set([...modules.keys()].filter((name) => !lazy.has(name)));
  return {
    modulesOf,
    eager: eagerOrUnreached,
    lazyModules: new Map([...lazyModules].sort(([a], [b]) => a.localeCompare(b))),
  };
}
