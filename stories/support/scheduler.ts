/**
 * A clock for `<shomei-session-timer>`'s `scheduler` property that a story moves by hand, in
 * step with the mock's clock: the warning, the countdown and the timeout come when the story
 * says, not when the browser's clock does (the mock's clock does not run by itself).
 */
import type { Scheduler } from '@shomei/sdk';
import { storyMock } from './mock.js';

export class StoryScheduler implements Scheduler {
  time: number;
  readonly #timers = new Map<number, { at: number; callback: () => void }>();
  #next = 1;

  /** Starts at the mock's clock. */
  constructor(start: number = storyMock().mock.clock.now().getTime()) {
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

  /** Moves this clock and the mock's by `ms`, running every timer that falls due, in order. */
  advance(ms: number): void {
    storyMock().mock.clock.advance(ms);
    const end = this.time + ms;
    for (;;) {
      let due: [number, { at: number; callback: () => void }] | undefined;
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
