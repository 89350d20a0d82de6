export * from './primitives.js';
export * from './errors.js';
export * from './session.js';
export * from './account.js';
export * from './tenant.js';
export * from './orders.js';
export * from './routes.js';
export * from './endpoints.js';
