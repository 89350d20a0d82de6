/**
 * The localization check of packages/elements (X1), run by `npm test` (npm run localize:check).
 *
 * Fails when:
 * 1. a target XLIFF file is missing, or one of its trans-units has no (or an empty) <target>;
 * 2. the XLIFF files are stale against the sources (a msg() was added, changed or removed
 *    without `npm run localize:extract`), or the generated locale modules in
 *    src/generated/ are stale against the XLIFF (without `npm run localize:build`): both are
 *    re-generated in a temporary directory and compared byte for byte;
 * 3. a student-visible string sits outside msg(): literal text in an `html` template (outside
 *    tags and attribute names) containing a letter of any script, or a literal value of
 *    `aria-label`, `title`, `placeholder`, `alt` (and a few other announced attributes).
 *    Reported as file:line. Tests, test helpers and generated files are not scanned.
 *
 * Strings that are deliberately not translated (the locale names of the language picker) are
 * interpolated from `src/localization.ts`, so they never appear as template text.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { runLitLocalize } from './build-locales.js';
import { splitLocales } from './locale-split.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = join(root, 'packages/elements');
const problems: string[] = [];

interface LocalizeConfig {
  sourceLocale: string;
  targetLocales: string[];
  inputFiles: string[];
  output: { outputDir: string; localeCodesModule: string; language?: string; mode: string };
  interchange: { format: string; xliffDir: string };
}
const config = JSON.parse(readFileSync(join(pkg, 'lit-localize.json'), 'utf8')) as LocalizeConfig;

/** The elements' source modules under `dir`: no tests, declarations or generated code. */
function sourceFiles(dir: string): string[] {
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

// 1. Every trans-unit of every target locale is translated.
for (const locale of config.targetLocales) {
  const file = join(pkg, config.interchange.xliffDir, `${locale}.xlf`);
  if (!existsSync(file)) {
    problems.push(`${relative(root, file)}: missing; run npm run localize:extract`);
    continue;
  }
  const xliff = readFileSync(file, 'utf8');
  for (const unit of xliff.matchAll(/<trans-unit id="([^"]+)"[^>]*>([\s\S]*?)<\/trans-unit>/gu)) {
    const target = /<target>([\s\S]*?)<\/target>/u.exec(unit[2] ?? '');
    if (target === null || target[1]?.trim() === '')
      problems.push(`${relative(root, file)}: no ${locale} translation for "${unit[1]}"`);
  }
}

// 2. XLIFF and generated modules are what lit-localize would write now.
const lines = (text: string) => text.split('\n');
/** Every file under `dir`, as paths relative to it. */
const listFiles = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)));
function compareFile(expected: string, actual: string, fix: string): void {
  const label = relative(root, actual);
  if (!existsSync(actual)) {
    problems.push(`${label}: missing; run ${fix}`);
    return;
  }
  const want = readFileSync(expected, 'utf8');
  const have = readFileSync(actual, 'utf8');
  if (want === have) return;
  const a = lines(want);
  const b = lines(have);
  const index = a.findIndex((line, i) => line !== b[i]);
  problems.push(`${label}:${index + 1}: stale; run ${fix}`);
}

const scratch = mkdtempSync(join(tmpdir(), 'shomei-localize-'));
try {
  const xliffDir = join(scratch, 'xliff');
  cpSync(join(pkg, config.interchange.xliffDir), xliffDir, { recursive: true });
  const { wholeDir } = runLitLocalize(scratch, ['extract', 'build'], {
    xliffDir,
    localeCodesModule: join(scratch, 'locale-codes.ts'),
  });

  for (const locale of config.targetLocales)
    compareFile(
      join(xliffDir, `${locale}.xlf`),
      join(pkg, config.interchange.xliffDir, `${locale}.xlf`),
      'npm run localize:extract (then translate the new units)',
    );
  const splitDir = join(scratch, 'split');
  const expectedModules = splitLocales(wholeDir, splitDir, config.targetLocales).sort();
  const generatedDir = join(pkg, config.output.outputDir);
  for (const file of expectedModules)
    compareFile(join(splitDir, file), join(generatedDir, file), 'npm run localize:build');
  for (const file of listFiles(generatedDir))
    if (!expectedModules.includes(file))
      problems.push(
        `${relative(root, join(generatedDir, file))}: not generated by npm run localize:build; delete it`,
      );
  compareFile(
    join(scratch, 'locale-codes.ts'),
    join(pkg, config.output.localeCodesModule),
    'npm run localize:build',
  );
} catch (error: unknown) {
  problems.push(`lit-localize failed: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

// 3. No student-visible string outside msg().
const ANNOUNCED_ATTRIBUTES = new Set([
  'aria-label',
  'aria-description',
  'aria-roledescription',
  'aria-valuetext',
  'aria-placeholder',
  'title',
  'placeholder',
  'alt',
  'label',
]);
/** A letter of any script (Latin, kana, kanji, hangul...). Digits and punctuation may stay. */
const LETTER = /\p{L}/u;
const HOLE = '\u0000';

/** The template's literal text with holes for expressions, and where each character came from. */
function templateText(template: ts.TemplateLiteral): { text: string; positions: number[] } {
  const segments: ts.TemplateLiteralLikeNode[] = ts.isNoSubstitutionTemplateLiteral(template)
    ? [template]
    : [template.head, ...template.templateSpans.map((span) => span.literal)];
  let text = '';
  const positions: number[] = [];
  segments.forEach((segment, index) => {
    if (index > 0) {
      text += HOLE;
      positions.push(segment.getStart());
    }
    const raw = segment.rawText ?? segment.text;
    const start = segment.getStart() + 1; // after ` or }
    for (let i = 0; i < raw.length; i += 1) {
      text += raw[i];
      positions.push(start + i);
    }
  });
  return { text, positions };
}

function scanTemplate(source: ts.SourceFile, template: ts.TemplateLiteral): void {
  const { text, positions } = templateText(template);
  const report = (index: number, what: string) => {
    const { line } = source.getLineAndCharacterOfPosition(positions[index] ?? template.getStart());
    problems.push(`${relative(root, source.fileName)}:${line + 1}: ${what} outside msg()`);
  };
  const withoutComments = text.replace(/<!--[\s\S]*?-->/gu, (comment) =>
    ' '.repeat(comment.length),
  );
  let i = 0;
  while (i < withoutComments.length) {
    const tagStart = withoutComments.indexOf('<', i);
    const textEnd = tagStart === -1 ? withoutComments.length : tagStart;
    const content = withoutComments.slice(i, textEnd);
    const visible = content.replace(/&[#\w]+;/gu, ' ');
    const letter = visible.search(LETTER);
    if (letter !== -1) report(i + letter, `text "${content.trim().slice(0, 40)}"`);
    if (tagStart === -1) break;
    // Find the end of the tag, honouring quotes.
    let j = tagStart + 1;
    let quote: string | undefined;
    while (j < withoutComments.length) {
      const char = withoutComments[j];
      if (quote !== undefined) {
        if (char === quote) quote = undefined;
      } else if (char === '"' || char === "'") quote = char;
      else if (char === '>') break;
      j += 1;
    }
    const tag = withoutComments.slice(tagStart, j);
    for (const attribute of tag.matchAll(
      /\s([^\s=>"']+)\s*=\s*("([^"]*)"|'([^']*)'|([^\s>"']+))/gu,
    )) {
      const name = attribute[1]?.toLowerCase() ?? '';
      const value = (attribute[3] ?? attribute[4] ?? attribute[5] ?? '').split(HOLE).join('');
      if (ANNOUNCED_ATTRIBUTES.has(name) && LETTER.test(value))
        report(tagStart + (attribute.index ?? 0), `${name}="${value.slice(0, 40)}"`);
    }
    i = j + 1;
  }
}

for (const file of sourceFiles(join(pkg, 'src'))) {
  const source = ts.createSourceFile(
    file,
    readFileSync(file, 'utf8'),
    ts.ScriptTarget.Latest,
    true,
  );
  const visit = (node: ts.Node): void => {
    if (
      ts.isTaggedTemplateExpression(node) &&
      ts.isIdentifier(node.tag) &&
      (node.tag.text === 'html' || node.tag.text === 'svg')
    )
      scanTemplate(source, node.template);
    ts.forEachChild(node, visit);
  };
  visit(source);
}

if (problems.length > 0) {
  console.error(`Localization check failed (${problems.length}):`);
  for (const problem of problems) console.error(`  ${problem}`);
  process.exit(1);
}
console.log(
  `Localization OK: ${config.targetLocales.join(', ')} complete, XLIFF and locale modules current, no literal text in templates.`,
);
