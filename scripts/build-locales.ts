/**
 * `npm run localize:build`: lit-localize's runtime build from the XLIFF files, split per area
 * (scripts/locale-split.ts) into packages/elements/src/generated/locales/. lit-localize writes
 * one module per locale into a scratch directory; only the split modules are kept. The build
 * fails on a message id of no known area.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { splitLocales } from './locale-split.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = join(root, 'packages/elements');

interface LocalizeConfig {
  targetLocales: string[];
  inputFiles: string[];
  output: { outputDir: string; localeCodesModule: string };
  interchange: { xliffDir: string };
}

/**
 * Runs lit-localize `commands` with lit-localize.json, except that the locale modules go to
 * `<scratch>/locales` (and, with `xliffDir`, the XLIFF files to that directory). Returns the
 * directory of the whole locale modules.
 */
export function runLitLocalize(
  scratch: string,
  commands: readonly ('extract' | 'build')[],
  overrides: { xliffDir?: string; localeCodesModule?: string } = {},
): { config: LocalizeConfig; wholeDir: string } {
  const config = JSON.parse(readFileSync(join(pkg, 'lit-localize.json'), 'utf8')) as LocalizeConfig;
  const abs = (pattern: string) =>
    pattern.startsWith('!') ? `!${join(pkg, pattern.slice(1))}` : join(pkg, pattern);
  const wholeDir = join(scratch, 'locales');
  const scratchConfig = {
    ...config,
    inputFiles: config.inputFiles.map(abs),
    output: {
      ...config.output,
      outputDir: wholeDir,
      localeCodesModule: overrides.localeCodesModule ?? join(pkg, config.output.localeCodesModule),
    },
    interchange: {
      ...config.interchange,
      xliffDir: overrides.xliffDir ?? join(pkg, config.interchange.xliffDir),
    },
  };
  const configPath = join(scratch, 'lit-localize.json');
  writeFileSync(configPath, JSON.stringify(scratchConfig));
  const cli = join(root, 'node_modules/@lit/localize-tools/bin/lit-localize.js');
  for (const command of commands)
    execFileSync(process.execPath, [cli, command, '--config', configPath], { stdio: 'pipe' });
  return { config, wholeDir };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const scratch = mkdtempSync(join(tmpdir(), 'shomei-locales-'));
  try {
    const { config, wholeDir } = runLitLocalize(scratch, ['build']);
    // Split in the scratch directory: a failure leaves the generated modules as they were.
    const splitDir = join(scratch, 'split');
    const written = splitLocales(wholeDir, splitDir, config.targetLocales);
    const outDir = join(pkg, config.output.outputDir);
    rmSync(outDir, { recursive: true, force: true });
    cpSync(splitDir, outDir, { recursive: true });
    console.log(`Wrote ${written.length} locale modules to ${config.output.outputDir}.`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
