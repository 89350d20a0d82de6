import type { Scheduler } from '@shomei/sdk';

type Timer = { at: number; callback: () => void };

/**
 * A clock that only moves when told: `advance(ms)` runs every timer that falls due, in order.
 * Tests and stories hand it to the session flow (`<shomei-session-timer>`'s `scheduler`) so the
 * idle warning and the logout come when they say, not when the machine's clock does.
 */
export class ManualScheduler implements Scheduler {
  time: number;
  readonly #timers = new Map<number, Timer>();
  #next = 1;

  constructor(start: number) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.#next++;
    this.#timers.set(id, { at: this.time + ms, callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.#timers.delete(handle as number);
  }

  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      let due: [number, Timer] | undefined;
      for (const entry of this.#timers)
        if (entry[1].at <= end && (due === undefined || entry[1].at < due[1].at)) due = entry;
      if (due === undefined) break;
      this.#timers.delete(due[0]);
      this.time = Math.max(this.time, due[1].at);
      due[1].callback();
    }
    this.time = end;
  }
}
