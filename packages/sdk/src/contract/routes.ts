/**
 * Where each endpoint lives and what a call to it carries, without its schemas: the part of the
 * contract a client needs to send a request. The schemas join it in `endpoints.ts`; keeping the
 * two apart lets the browser client send its first request before zod and the schemas have
 * loaded (docs/decisions/0012; the element entries inline them, 0016). `endpoints.ts` checks, by type, that every route gets a schema
 * for exactly the parts it lists.
 */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/**
 * Who may call an endpoint:
 * - `public`: anyone (tenant info, link redemption, reset request);
 * - `login`: a session that is part-way through login (the step decides what is allowed);
 * - `student`: a fully authenticated student.
 */
export type EndpointAccess = 'public' | 'login' | 'student';

/** The parts of a request besides its headers, in the order client methods take them. */
export type RequestPart = 'params' | 'query' | 'body';

export interface Route {
  readonly method: HttpMethod;
  /** Relative to the tenant's base URL; `:name` marks a path parameter. */
  readonly path: string;
  readonly access: EndpointAccess;
  /** The parts a call carries, in the order params, query, body; none when absent. */
  readonly parts?: readonly RequestPart[];
  /** The request must carry an `Idempotency-Key` header (O8). */
  readonly idempotencyKey?: true;
  readonly status: 200 | 201;
}

export const routes = {
  getTenant: { method: 'GET', path: '/tenant', access: 'public', status: 200 },
  getSession: { method: 'GET', path: '/session', access: 'public', status: 200 },
  login: { method: 'POST', path: '/session/login', access: 'public', parts: ['body'], status: 200 },
  logout: { method: 'POST', path: '/session/logout', access: 'public', status: 200 },
  extendSession: { method: 'POST', path: '/session/extend', access: 'student', status: 200 },
  registerEmail: {
    method: 'POST',
    path: '/session/email-registration',
    access: 'login',
    parts: ['body'],
    status: 200,
  },
  confirmEmailRegistration: {
    method: 'POST',
    path: '/links/email-registration',
    access: 'public',
    parts: ['body'],
    status: 200,
  },
  setupSecondPassword: {
    method: 'POST',
    path: '/session/second-password',
    access: 'login',
    parts: ['body'],
    status: 200,
  },
  verifyAuthKey: {
    method: 'POST',
    path: '/session/auth-key',
    access: 'login',
    parts: ['body'],
    status: 200,
  },
  reissueAuthKey: {
    method: 'POST',
    path: '/session/auth-key/reissue',
    access: 'login',
    status: 200,
  },
  requestSecondPasswordReset: {
    method: 'POST',
    path: '/second-password-reset',
    access: 'public',
    parts: ['body'],
    status: 200,
  },
  resetSecondPassword: {
    method: 'POST',
    path: '/links/second-password-reset',
    access: 'public',
    parts: ['body'],
    status: 200,
  },
  requestEmailChange: {
    method: 'POST',
    path: '/account/email-change',
    access: 'student',
    parts: ['body'],
    status: 200,
  },
  confirmEmailChange: {
    method: 'POST',
    path: '/links/email-change',
    access: 'public',
    parts: ['body'],
    status: 200,
  },
  changeSecondPassword: {
    method: 'POST',
    path: '/account/second-password',
    access: 'student',
    parts: ['body'],
    status: 200,
  },
  reauthenticate: {
    method: 'POST',
    path: '/account/reauthenticate',
    access: 'student',
    parts: ['body'],
    status: 200,
  },
  reauthenticationPasskeyOptions: {
    method: 'POST',
    path: '/account/reauthenticate/passkey-options',
    access: 'student',
    status: 200,
  },
  passkeyRegistrationOptions: {
    method: 'POST',
    path: '/account/passkeys/registration-options',
    access: 'student',
    status: 200,
  },
  registerPasskey: {
    method: 'POST',
    path: '/account/passkeys',
    access: 'student',
    parts: ['body'],
    status: 201,
  },
  listPasskeys: { method: 'GET', path: '/account/passkeys', access: 'student', status: 200 },
  deletePasskey: {
    method: 'DELETE',
    path: '/account/passkeys/:passkeyId',
    access: 'student',
    parts: ['params'],
    status: 200,
  },
  passkeyLoginOptions: {
    method: 'POST',
    path: '/session/passkey/options',
    access: 'public',
    parts: ['body'],
    status: 200,
  },
  passkeyLogin: {
    method: 'POST',
    path: '/session/passkey',
    access: 'public',
    parts: ['body'],
    status: 200,
  },
  setTwoFactor: {
    method: 'PUT',
    path: '/account/two-factor',
    access: 'student',
    parts: ['body'],
    status: 200,
  },
  setLocale: {
    method: 'PUT',
    path: '/account/locale',
    access: 'public',
    parts: ['body'],
    status: 200,
  },
  getCatalog: { method: 'GET', path: '/catalog', access: 'student', parts: ['query'], status: 200 },
  getPickupEstimate: { method: 'GET', path: '/pickup-estimate', access: 'student', status: 200 },
  createOrder: {
    method: 'POST',
    path: '/orders',
    access: 'student',
    parts: ['body'],
    idempotencyKey: true,
    status: 201,
  },
  listOrders: { method: 'GET', path: '/orders', access: 'student', status: 200 },
  getOrder: {
    method: 'GET',
    path: '/orders/:orderId',
    access: 'student',
    parts: ['params'],
    status: 200,
  },
  startPayment: {
    method: 'POST',
    path: '/orders/:orderId/payments',
    access: 'student',
    parts: ['params', 'body'],
    idempotencyKey: true,
    status: 201,
  },
  getPayment: {
    method: 'GET',
    path: '/orders/:orderId/payments/:paymentId',
    access: 'student',
    parts: ['params'],
    status: 200,
  },
  cancelPayment: {
    method: 'POST',
    path: '/orders/:orderId/payments/:paymentId/cancel',
    access: 'student',
    parts: ['params'],
    status: 200,
  },
  cancelOrder: {
    method: 'POST',
    path: '/orders/:orderId/cancel',
    access: 'student',
    parts: ['params'],
    status: 200,
  },
} as const satisfies Record<string, Route>;
