/**
 * The university's students imported from CSV (A1/A2): one row per student with a password
 * hash, never a clear password. Columns:
 *
 *     userId,name,group,department,year,availableFrom,passwordHash
 *
 * `passwordHash` is either scrypt (`scrypt$<N>$<r>$<p>$<salt>$<hash>`, base64; what a
 * university exporting for this server should produce: memory-hard, node:crypto) or the
 * service's PBKDF2 (`pbkdf2-sha256$...`), so the demo roster shared with the mock imports as it
 * is (docs/decisions/0007).
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { normalizeUserId, STUDENT_GROUPS, type Student, type StudentGroup } from '@shomei/core';
import { verifyPassword, type RosterEntry, type StudentDirectory } from '@shomei/service';

export const ROSTER_COLUMNS = [
  'userId',
  'name',
  'group',
  'department',
  'year',
  'availableFrom',
  'passwordHash',
] as const;

/** OWASP's scrypt floor (N=2^17, r=8, p=1) needs 128 MiB; maxmem is raised to match. */
export const SCRYPT_DEFAULTS = { N: 2 ** 17, r: 8, p: 1 } as const;
const KEY_BYTES = 32;

function scryptAsync(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, KEY_BYTES, options, (error, key) =>
      error === null ? resolve(key) : reject(error),
    );
  });
}

const maxmem = (N: number, r: number) => 128 * N * r + 1024 * 1024;

/** A roster hash for `password`: what a university's export script writes into the CSV. */
export async function hashRosterPassword(
  password: string,
  cost: { N: number; r: number; p: number } = SCRYPT_DEFAULTS,
): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, { ...cost, maxmem: maxmem(cost.N, cost.r) });
  return `scrypt$${cost.N}$${cost.r}$${cost.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** Whether `password` matches a roster hash of either scheme; a malformed hash never matches. */
export async function verifyRosterPassword(password: string, stored: string): Promise<boolean> {
  if (!stored.startsWith('scrypt$')) return verifyPassword(password, stored);
  const [, nText, rText, pText, saltText, hashText] = stored.split('$');
  const [N, r, p] = [Number(nText), Number(rText), Number(pText)];
  if (![N, r, p].every((n) => Number.isSafeInteger(n) && n > 0) || !saltText || !hashText)
    return false;
  const expected = Buffer.from(hashText, 'base64');
  if (expected.length !== KEY_BYTES) return false;
  const key = await scryptAsync(password, Buffer.from(saltText, 'base64'), {
    N,
    r,
    p,
    maxmem: maxmem(N, r),
  });
  return timingSafeEqual(key, expected);
}

/** RFC 4180 CSV: quoted fields may hold commas, quotes (doubled) and line breaks. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const input = text.replace(/^\uFEFF/, '');
  for (let index = 0; index < input.length; index += 1) {
    const char = input[index];
    if (quoted) {
      if (char === '"' && input[index + 1] === '"') {
        field += '"';
        index += 1;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"' && field === '') quoted = true;
    else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && input[index + 1] === '\n') index += 1;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += char;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((cells) => cells.some((cell) => cell.trim() !== ''));
}

/** The roster's entries; throws naming the line of the first bad row. */
export function parseRosterCsv(csvText: string): RosterEntry[] {
  const [header, ...rows] = parseCsv(csvText);
  if (
    header === undefined ||
    header.map((cell) => cell.trim()).join(',') !== ROSTER_COLUMNS.join(',')
  )
    throw new Error(`the roster's header must be ${ROSTER_COLUMNS.join(',')}`);
  return rows.map((cells, index) => {
    const line = index + 2;
    const [userId, name, group, department, yearText, availableFrom, passwordHash] = cells.map(
      (cell) => cell.trim(),
    );
    const year = Number(yearText);
    if (!userId || !name || !department || !passwordHash)
      throw new Error(
        `roster line ${line}: userId, name, department and passwordHash are required`,
      );
    if (!(STUDENT_GROUPS as readonly string[]).includes(group ?? ''))
      throw new Error(`roster line ${line}: unknown group ${String(group)}`);
    if (!Number.isSafeInteger(year) || year < 1)
      throw new Error(`roster line ${line}: year must be a positive integer`);
    if (availableFrom && Number.isNaN(Date.parse(availableFrom)))
      throw new Error(`roster line ${line}: availableFrom is not a date`);
    const student: Student = {
      userId: normalizeUserId(userId),
      name,
      group: group as StudentGroup,
      department,
      year,
      ...(availableFrom ? { availableFrom: new Date(availableFrom).toISOString() } : {}),
    };
    return { student, passwordHash };
  });
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Entries as roster CSV (the demo's first start writes its roster this way). */
export function rosterToCsv(entries: readonly RosterEntry[]): string {
  const lines = entries.map(({ student, passwordHash }) =>
    [
      student.userId,
      student.name,
      student.group,
      student.department,
      String(student.year),
      student.availableFrom ?? '',
      passwordHash,
    ]
      .map(csvField)
      .join(','),
  );
  return `${[ROSTER_COLUMNS.join(','), ...lines].join('\n')}\n`;
}

/**
 * A StudentDirectory over a CSV roster. An unknown user ID costs the same as a wrong password:
 * the password is checked against a decoy hash of the roster's own scheme and cost.
 */
export function createCsvRosterDirectory(csvText: string): StudentDirectory {
  const entries = parseRosterCsv(csvText);
  const byUserId = new Map(entries.map((entry) => [entry.student.userId, entry]));
  const template = entries[0]?.passwordHash ?? 'pbkdf2-sha256$1000$AAAAAAAAAAAAAAAAAAAAAA==$';
  // Same scheme and parameters as a real entry, a salt and hash that match nothing.
  const decoy = template
    .split('$')
    .slice(0, -2)
    .join('$')
    .concat('$AAAAAAAAAAAAAAAAAAAAAA==$', 'A'.repeat(43) + '=');

  return {
    async authenticate(userId, password) {
      const entry = byUserId.get(normalizeUserId(userId));
      if (entry === undefined) {
        await verifyRosterPassword(password, decoy);
        return null;
      }
      return (await verifyRosterPassword(password, entry.passwordHash)) ? entry.student : null;
    },
    async find(userId) {
      return byUserId.get(normalizeUserId(userId))?.student ?? null;
    },
  };
}
