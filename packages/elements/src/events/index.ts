/**
 * One class per custom event, each `bubbles` + `composed`, each typed in
 * `GlobalEventHandlersEventMap`. Add new events here (file name = event name without `shomei-`).
 */
export * from './account-change.js';
export * from './dialog-close.js';
export * from './error.js';
export * from './locale-change.js';
export * from './login.js';
export * from './login-step.js';
export * from './logout.js';
export * from './order-placed.js';
export * from './payment-complete.js';
