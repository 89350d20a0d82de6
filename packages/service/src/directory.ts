/**
 * The university's own credentials (ユーザID and パスワード, A1/A2). The service never owns them:
 * the server may plug in LDAP or SSO; the mock and the demo use a roster of PBKDF2 hashes.
 */
import { normalizeUserId, type Student } from '@shomei/core';
import { decoyHash, hashPassword, verifyPassword } from './crypto.js';

export interface StudentDirectory {
  /**
   * The student when `password` is right, else null. Implementations spend the same work for
   * an unknown user ID as for a wrong password, so timing does not reveal who exists.
   */
  authenticate(userId: string, password: string): Promise<Student | null>;
  find(userId: string): Promise<Student | null>;
}

/**
 * The directory could not answer at all: down, unreachable, too slow or refusing work (busy).
 * Not a wrong password: the login answers 503 `directory_unavailable`, so the student learns
 * to try again later rather than to doubt their password.
 */
export class DirectoryUnavailableError extends Error {
  override readonly name = 'DirectoryUnavailableError' as const;

  constructor(
    message: string,
    /** `timeout`: no answer in time; `unreachable`: no connection; `busy`: the server refused. */
    readonly reason: 'timeout' | 'unreachable' | 'busy',
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface RosterEntry {
  readonly student: Student;
  /** From `hashPassword` (crypto.ts). */
  readonly passwordHash: string;
}

/** The iteration count of a stored hash, so the decoy for unknown users costs the same. */
function iterationsOf(passwordHash: string): number | undefined {
  const iterations = Number(passwordHash.split('$')[1]);
  return Number.isSafeInteger(iterations) && iterations > 0 ? iterations : undefined;
}

export function createRosterDirectory(
  entries: readonly RosterEntry[],
  options: { decoyIterations?: number } = {},
): StudentDirectory {
  const byUserId = new Map(entries.map((entry) => [normalizeUserId(entry.student.userId), entry]));
  const firstHash = entries[0]?.passwordHash;
  const decoyIterations =
    options.decoyIterations ??
    (firstHash === undefined ? undefined : iterationsOf(firstHash)) ??
    1000;

  return {
    async authenticate(userId, password) {
      const entry = byUserId.get(normalizeUserId(userId));
      if (entry === undefined) {
        await verifyPassword(password, await decoyHash(decoyIterations));
        return null;
      }
      return (await verifyPassword(password, entry.passwordHash)) ? entry.student : null;
    },
    async find(userId) {
      return byUserId.get(normalizeUserId(userId))?.student ?? null;
    },
  };
}

/** Builds roster entries from clear passwords (tests, seeding a demo at runtime). */
export async function rosterEntries(
  students: readonly { student: Student; password: string }[],
  iterations: number,
): Promise<RosterEntry[]> {
  return Promise.all(
    students.map(async ({ student, password }) => ({
      student,
      passwordHash: await hashPassword(password, iterations),
    })),
  );
}
