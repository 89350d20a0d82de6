import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { needsLinking } from '@angular/compiler-cli/linker';
import angularLinker from '@angular/compiler-cli/linker/babel';
import { defineConfig, type Plugin } from 'vite';

/**
 * Ahead-of-time build without the Angular CLI, in two steps (package.json `build`):
 *
 * 1. `ngc -p tsconfig.json` compiles the app's components (full compilation mode) into plain JS
 *    in node_modules/.ngc (see tsconfig.json);
 * 2. Vite bundles that output. The Angular packages on npm are only partially compiled
 *    (`ɵɵngDeclare*` calls, which would need @angular/compiler in the browser): Angular's linker,
 *    a Babel plugin from @angular/compiler-cli, turns them into full definitions while bundling.
 *
 * So the bundle has no @angular/compiler and evaluates no code at runtime: it runs under the
 * strict CSP (`script-src 'self'`, Trusted Types), as test/hosts checks.
 */
const aot = fileURLToPath(new URL('node_modules/.ngc/src/', import.meta.url));

// Babel comes with @angular/compiler-cli (its linker is a Babel plugin): load that very copy.
const babel = createRequire(createRequire(import.meta.url).resolve('@angular/compiler-cli'))(
  '@babel/core',
) as {
  transformAsync(code: string, options: object): Promise<{ code?: string | null } | null>;
};

/** Links the partially compiled Angular packages (what the Angular CLI does with Babel too). */
function linkAngular(): Plugin {
  return {
    name: 'shomei:angular-linker',
    async transform(code, id) {
      if (!/\.m?js$/u.test(id) || !needsLinking(id, code)) return null;
      const result = await babel.transformAsync(code, {
        filename: id,
        babelrc: false,
        configFile: false,
        compact: false,
        sourceMaps: false,
        plugins: [[angularLinker, { linkerJitMode: false, sourceMapping: false }]],
      });
      return result?.code ?? null;
    },
  };
}

export default defineConfig({
  plugins: [linkAngular()],
  // index.html loads /src/main.ts: take ngc's main.js instead (its imports are relative, so the
  // rest of the app follows from there).
  resolve: { alias: [{ find: /^\/src\/(.+)\.ts$/u, replacement: `${aot}$1.js` }] },
  // As the Angular CLI does for a production build: drop the dev-mode checks and the JIT paths.
  define: { ngDevMode: 'false', ngJitMode: 'false', ngServerMode: 'false' },
  build: { target: 'es2022', reportCompressedSize: false },
  logLevel: 'warn',
});
