// @ts-check
// custom-elements.json (npm run manifest; checked by npm run manifest:check). Tags are
// registered by `defineElement('shomei-x', ShomeiX)` in src/define/*.ts, which the analyzer does
// not know: the plugin below turns those calls into `custom-element-definition` exports and
// gives the classes their tag names, as a `customElements.define` call would.

/** @returns {import('@custom-elements-manifest/analyzer').Plugin} */
function defineElementCalls() {
  return {
    name: 'shomei-define-element',
    analyzePhase({ ts, node, moduleDoc }) {
      if (!ts.isCallExpression(node)) return;
      if (!ts.isIdentifier(node.expression) || node.expression.text !== 'defineElement') return;
      const [tag, element] = node.arguments;
      if (tag === undefined || element === undefined) return;
      if (!ts.isStringLiteral(tag) || !ts.isIdentifier(element)) return;
      // Where the class comes from: `import { ShomeiX } from '../x/x.js'` in this define module.
      const source = node.getSourceFile();
      let module = moduleDoc.path;
      for (const statement of source.statements) {
        if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier))
          continue;
        const bindings = statement.importClause?.namedBindings;
        if (bindings === undefined || !ts.isNamedImports(bindings)) continue;
        if (bindings.elements.some((specifier) => specifier.name.text === element.text)) {
          const dir = moduleDoc.path.split('/').slice(0, -1);
          for (const part of statement.moduleSpecifier.text.split('/')) {
            if (part === '..') dir.pop();
            else if (part !== '.') dir.push(part);
          }
          module = dir.join('/').replace(/\.js$/u, '.ts');
        }
      }
      moduleDoc.exports ??= [];
      moduleDoc.exports.push({
        kind: 'custom-element-definition',
        name: tag.text,
        declaration: { name: element.text, module },
      });
    },
    packageLinkPhase({ customElementsManifest }) {
      for (const definitionModule of customElementsManifest.modules) {
        for (const definition of definitionModule.exports ?? []) {
          if (definition.kind !== 'custom-element-definition') continue;
          const target = customElementsManifest.modules.find(
            (candidate) => candidate.path === definition.declaration.module,
          );
          const declaration = target?.declarations?.find(
            (candidate) => candidate.name === definition.declaration.name,
          );
          if (declaration !== undefined && declaration.kind === 'class') {
            Object.assign(declaration, { tagName: definition.name, customElement: true });
          }
        }
      }
      for (const module of customElementsManifest.modules) {
        for (const declaration of module.declarations ?? []) {
          if (declaration.kind !== 'class') continue;
          // `dispatchEvent(new ShomeiXEvent(...))` yields a nameless entry; `@fires` documents it.
          if (declaration.events !== undefined)
            declaration.events = declaration.events.filter((event) => event.name !== undefined);
          // `#private` members are not API.
          if (declaration.members !== undefined)
            declaration.members = declaration.members.filter(
              (member) => !member.name.startsWith('#'),
            );
        }
      }
    },
  };
}

export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.test.ts', 'src/generated/**'],
  outdir: '.',
  litelement: true,
  // package.json's customElements field is written by hand; the check runs the analyzer elsewhere.
  packagejson: false,
  plugins: [defineElementCalls()],
};
