/**
 * Helpers for stories: one fresh mock per story (./mock.ts), state drivers through the SDK
 * (./states.ts) and failure simulators (./failures.ts). See stories/README.md.
 */
export { storyMock, type ShomeiStoryParameters, type StoryMock } from './mock.js';
export * from './states.js';
export * from './failures.js';
export * from './journeys.js';
export * from './dom.js';
export { StoryScheduler } from './scheduler.js';
export * from './passkeys.js';
