/**
 * @shomei/sdk: the API contract (zod/mini), a typed client that never throws for anticipated
 * failures, and the login, account, session and order flows. No DOM.
 */
export * from './contract/index.js';
export * from './errors.js';
export * from './result.js';
export {
  createClient,
  SDK_VERSION,
  type CallOptions,
  type ClientOptions,
  type PaymentCallOptions,
  type ShomeiClient,
} from './client.js';
export * from './flows/index.js';
// The flows re-export the same type under this name; say which one the package means.
export { LocalizedText } from './contract/index.js';
