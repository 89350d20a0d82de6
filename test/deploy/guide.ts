/**
 * Reading docs/deploy.md and its files as the test runs them: the guide's shell blocks that a
 * test executes are fenced as ```sh test:<name>, the example environment file is KEY=VALUE
 * lines, and the systemd unit is parsed as systemd reads it (sections, keys, repeated keys).
 */

/**
 * The body of the guide's block fenced as ```sh test:<name> (indented, too, inside a list item:
 * the indentation is removed); exactly one must exist.
 */
export function guideBlock(markdown: string, name: string): string {
  const fence = new RegExp(`^( *)\`\`\`sh test:${name}\\n([\\s\\S]*?)^\\1\`\`\`$`, 'gmu');
  const blocks = [...markdown.matchAll(fence)].map(([, indent = '', body = '']) =>
    body
      .split('\n')
      .map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line))
      .join('\n'),
  );
  if (blocks.length !== 1)
    throw new Error(`docs/deploy.md has ${blocks.length} blocks fenced as \`\`\`sh test:${name}`);
  return blocks[0] ?? '';
}

/** An EnvironmentFile as systemd reads the simple form: KEY=VALUE, # comments, blank lines. */
export function parseEnvFile(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  text.split('\n').forEach((line, index) => {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const match = /^([A-Z][A-Z0-9_]*)=(.*)$/u.exec(trimmed);
    if (match?.[1] === undefined) throw new Error(`line ${index + 1}: not KEY=VALUE: ${line}`);
    if (match[1] in env) throw new Error(`line ${index + 1}: ${match[1]} is set twice`);
    env[match[1]] = match[2] ?? '';
  });
  return env;
}

export type UnitFile = Record<string, Record<string, string[]>>;

const SECTIONS = new Set(['Unit', 'Service', 'Install']);

/**
 * A systemd unit file: `[Section]` headers, `Key=value` lines (a key may repeat), `#` and `;`
 * comments, a trailing backslash continuing a line. Anything else is a syntax error with its
 * line; so is a section a service unit does not have, or a line before the first section.
 */
export function parseUnitFile(text: string): UnitFile {
  const unit: UnitFile = {};
  let section: Record<string, string[]> | undefined;
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index += 1) {
    const number = index + 1;
    let line = (lines[index] ?? '').trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    while (line.endsWith('\\') && index + 1 < lines.length) {
      index += 1;
      line = `${line.slice(0, -1)} ${(lines[index] ?? '').trim()}`;
    }
    const header = /^\[([A-Za-z]+)\]$/u.exec(line);
    if (header?.[1] !== undefined) {
      if (!SECTIONS.has(header[1]))
        throw new Error(`line ${number}: unknown section [${header[1]}]`);
      if (header[1] in unit) throw new Error(`line ${number}: [${header[1]}] appears twice`);
      section = unit[header[1]] = {};
      continue;
    }
    const entry = /^([A-Za-z][A-Za-z0-9]*)\s*=\s*(.*)$/u.exec(line);
    if (entry?.[1] === undefined) throw new Error(`line ${number}: not Key=value: ${line}`);
    if (section === undefined) throw new Error(`line ${number}: ${entry[1]} before any section`);
    (section[entry[1]] ??= []).push(entry[2] ?? '');
  }
  return unit;
}
