import { describe, expect, it } from 'vitest';
import {
  isRecentlyReauthenticated,
  REAUTHENTICATION_MINUTES,
  reauthenticationExpiry,
} from './reauthentication.js';

const AT = '2026-06-03T01:00:00.000Z';
const later = (ms: number) => new Date(Date.parse(AT) + ms);

describe('re-authentication', () => {
  it('A21: counts for five minutes, not a moment longer', () => {
    expect(REAUTHENTICATION_MINUTES).toBe(5);
    expect(reauthenticationExpiry(AT)).toBe('2026-06-03T01:05:00.000Z');
    expect(isRecentlyReauthenticated(AT, later(0))).toBe(true);
    expect(isRecentlyReauthenticated(AT, later(5 * 60_000 - 1))).toBe(true);
    expect(isRecentlyReauthenticated(AT, later(5 * 60_000))).toBe(false);
  });

  it('A21: a session never re-authenticated, or stamped in the future, does not count', () => {
    expect(isRecentlyReauthenticated(undefined, later(0))).toBe(false);
    expect(isRecentlyReauthenticated(null, later(0))).toBe(false);
    expect(isRecentlyReauthenticated(AT, later(-1))).toBe(false);
    expect(isRecentlyReauthenticated('not a date', later(0))).toBe(false);
  });
});
