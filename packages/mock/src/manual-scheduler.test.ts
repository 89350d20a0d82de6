import { describe, expect, it } from 'vitest';
import { ManualScheduler } from './manual-scheduler.js';

describe('ManualScheduler', () => {
  it('A16: runs due timers in time order as it advances, and not the cleared or later ones', () => {
    const scheduler = new ManualScheduler(1_000);
    const ran: string[] = [];
    scheduler.setTimeout(() => ran.push(`b@${scheduler.now()}`), 200);
    scheduler.setTimeout(() => {
      ran.push(`a@${scheduler.now()}`);
      scheduler.setTimeout(() => ran.push(`c@${scheduler.now()}`), 50);
    }, 100);
    const cleared = scheduler.setTimeout(() => ran.push('cleared'), 150);
    scheduler.setTimeout(() => ran.push('later'), 500);
    scheduler.clearTimeout(cleared);
    scheduler.advance(300);
    expect(ran).toEqual(['a@1100', 'c@1150', 'b@1200']);
    expect(scheduler.now()).toBe(1_300);
  });
});
