import { describe, expect, it } from 'vitest';
import { availableFromAfterCeremony, checkAccess } from './access.js';
import { firstYear, graduate, secondYear, tenant } from './test-fixtures.js';

describe('checkAccess', () => {
  const ceremony = '2026-04-03';
  const newStudent = { ...firstYear, availableFrom: availableFromAfterCeremony(ceremony) };

  it('A18: new students may log in from the afternoon of the day after the entrance ceremony', () => {
    expect(newStudent.availableFrom).toBe('2026-04-04T03:00:00.000Z');
    expect(
      checkAccess({ tenant, student: newStudent, now: new Date('2026-04-04T11:59:59+09:00') }),
    ).toEqual({
      allowed: false,
      reason: 'not-yet-available',
      availableFrom: '2026-04-04T03:00:00.000Z',
    });
    expect(
      checkAccess({ tenant, student: newStudent, now: new Date('2026-04-04T12:00:00+09:00') }),
    ).toEqual({
      allowed: true,
    });
  });

  it('A18: a group the tenant sends to the office is told so, whatever the date', () => {
    expect(
      checkAccess({ tenant, student: graduate, now: new Date('2026-06-01T00:00:00Z') }),
    ).toEqual({
      allowed: false,
      reason: 'contact-office',
      notice: { ja: '大学院生は学生支援課へお問い合わせください。' },
    });
  });

  it('A18: other students are let in', () => {
    expect(
      checkAccess({ tenant, student: secondYear, now: new Date('2026-06-01T00:00:00Z') }),
    ).toEqual({ allowed: true });
    expect(
      checkAccess({ tenant: { ...tenant, accessRules: [] }, student: graduate, now: new Date() }),
    ).toEqual({
      allowed: true,
    });
  });
});
