/**
 * A clock for `<shomei-session-timer>`'s `scheduler` property that a story moves by hand, in
 * step with the mock's clock: the warning, the countdown and the timeout come when the story
 * says, not when the browser's clock does (the mock's clock does not run by itself).
 */
import { ManualScheduler } from '@shomei/mock';
import { storyMock } from './mock.js';

export class StoryScheduler extends ManualScheduler {
  /** Starts at the mock's clock. */
  constructor(start: number = storyMock().mock.clock.now().getTime()) {
    super(start);
  }

  /** Moves this clock and the mock's by `ms`, running every timer that falls due, in order. */
  override advance(ms: number): void {
    storyMock().mock.clock.advance(ms);
    super.advance(ms);
  }
}
