/**
 * The demo university's students (fictional). Passwords are hashed with PBKDF2 at 1 000
 * iterations; the clear values are in DEMO_STUDENTS for tests and the demo's instructions.
 */
import { availableFromAfterCeremony, type Student } from '@shomei/core';
import type { RosterEntry } from '../directory.js';
import type { AccountRecord } from '../store/store.js';

export const DEMO_STUDENTS = {
  /** A2–A5: first login; no email, no second password yet. Year 1. */
  firstLogin: { userId: 's2026001', password: 'Hanako-2026' },
  /** A6/A7: has an email and a second password; year 3, so the parking fee is open to them (O9). */
  returning: {
    userId: 's2024001',
    password: 'Taro-2024',
    secondPassword: 'Shomei2024',
    email: 'taro.yamada@mail.example',
  },
  /** A18: graduate school; told to contact the office. */
  graduate: { userId: 'g2025001', password: 'Jiro-2025' },
  /** A18: new student; may log in only from the afternoon after the next entrance ceremony. */
  notYetAvailable: { userId: 's2027001', password: 'Sakura-2027' },
} as const;

const HASHES = {
  s2026001:
    'pbkdf2-sha256$1000$MjyHkzGs+W1Lbtrpitpxtw==$SYsi6FWiWQoUZKPAMm7O2KkN+mNX0eyDSFMuD5q658g=',
  s2024001:
    'pbkdf2-sha256$1000$Z7cvxTppSHkSq7bJRkredQ==$pFWVK6rZ0W2drUeHn6VIIlqwWBtNeobMyHFDhk5Tmq0=',
  g2025001:
    'pbkdf2-sha256$1000$fBfz95qy97rNL+EdkExelw==$9r9TdnrA/JvcjvFpFuHQkUKzT7vkPoT1ScpLOB7vBJU=',
  s2027001:
    'pbkdf2-sha256$1000$0cr02FZUgs1rtMjeI1zFPA==$lzczZgZtGDWvrD5i9YeFfUoChTa8XMPD7LjdSrgOG1A=',
} as const;

/** The returning student's second password `Shomei2024`, hashed. */
const RETURNING_SECOND_PASSWORD_HASH =
  'pbkdf2-sha256$1000$hUWvMFlJuE7AvyLuOY/l1Q==$2BguAgvVkl2rMApTcsmyeVT5/D2itM/91qlNq03yTyQ=';

/** The entrance ceremony after `now`: 5 April of next year (入学式). */
function nextCeremony(now: Date): string {
  return `${now.getUTCFullYear() + 1}-04-05`;
}

export function createDemoRoster(now: Date = new Date()): RosterEntry[] {
  const students: Student[] = [
    {
      userId: 's2026001',
      name: '証明 花子',
      group: 'undergraduate',
      department: 'nursing',
      year: 1,
    },
    {
      userId: 's2024001',
      name: '山田 太郎',
      group: 'undergraduate',
      department: 'medicine',
      year: 3,
    },
    {
      userId: 'g2025001',
      name: '佐藤 次郎',
      group: 'graduate',
      department: 'occupational-health',
      year: 1,
    },
    {
      userId: 's2027001',
      name: '鈴木 さくら',
      group: 'undergraduate',
      department: 'nursing',
      year: 1,
      availableFrom: availableFromAfterCeremony(nextCeremony(now)),
    },
  ];
  return students.map((student) => ({
    student,
    passwordHash: HASHES[student.userId as keyof typeof HASHES],
  }));
}

export const demoRoster: RosterEntry[] = createDemoRoster();

/** What the service already knows of the returning student (seed for the memory store). */
export function createDemoAccounts(now: Date = new Date()): AccountRecord[] {
  const stamp = new Date(now.getTime() - 365 * 24 * 60 * 60 * 1000).toISOString();
  return [
    {
      tenantId: 'demo',
      userId: DEMO_STUDENTS.returning.userId,
      email: DEMO_STUDENTS.returning.email,
      emailVerified: true,
      secondPasswordHash: RETURNING_SECOND_PASSWORD_HASH,
      twoFactorEnabled: true,
      locale: null,
      createdAt: stamp,
      updatedAt: stamp,
    },
  ];
}

export const demoAccounts: AccountRecord[] = createDemoAccounts();
