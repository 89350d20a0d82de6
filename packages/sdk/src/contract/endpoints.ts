import type * as z from 'zod/mini';
import type { ApiErrorCode } from './errors.js';
import {
  Done,
  EmailConfirmed,
  LinkMailSent,
  LinkRedeemRequest,
  LocaleSetting,
  ResetRequestAccepted,
  SecondPasswordChangeRequest,
  SecondPasswordResetConfirm,
  SecondPasswordResetRequest,
  TwoFactorSetting,
} from './account.js';
import {
  Catalog,
  CatalogQuery,
  CreateOrderRequest,
  Order,
  OrderList,
  OrderParams,
  Payment,
  PaymentParams,
  PickupEstimate,
  StartPaymentRequest,
} from './orders.js';
import {
  AuthKeyReissued,
  AuthKeyVerifyRequest,
  EmailWithConfirmation,
  LoginRequest,
  SecondPasswordSetupRequest,
  SessionExtended,
  SessionView,
} from './session.js';
import { TenantInfo } from './tenant.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT';

/**
 * Who may call an endpoint:
 * - `public`: anyone (tenant info, link redemption, reset request);
 * - `login`: a session that is part-way through login (the step decides what is allowed);
 * - `student`: a fully authenticated student.
 */
export type EndpointAccess = 'public' | 'login' | 'student';

export interface EndpointDefinition {
  readonly method: HttpMethod;
  /** Relative to the tenant's base URL; `:name` marks a path parameter. */
  readonly path: string;
  readonly summary: string;
  readonly access: EndpointAccess;
  readonly params?: z.ZodMiniType;
  readonly query?: z.ZodMiniType;
  readonly body?: z.ZodMiniType;
  /** The request must carry an `Idempotency-Key` header (O8). */
  readonly idempotencyKey?: true;
  readonly status: 200 | 201;
  readonly response: z.ZodMiniType;
  /** The error codes this endpoint can answer with, beyond invalid_request/rate_limited/internal. */
  readonly errors: readonly ApiErrorCode[];
  /** SPEC feature IDs this endpoint serves. */
  readonly features: readonly string[];
}

const define = <const E extends EndpointDefinition>(endpoint: E): E => endpoint;

/**
 * The API contract: every endpoint the A and O features need. The client, the OpenAPI
 * document, the service's routing and validation, and the mock are all generated from this
 * table, so they cannot disagree.
 */
export const endpoints = {
  getTenant: define({
    method: 'GET',
    path: '/tenant',
    summary: "The university's public settings",
    access: 'public',
    status: 200,
    response: TenantInfo,
    errors: [],
    features: ['A3', 'A14', 'A15', 'A16', 'A17', 'A18'],
  }),
  getSession: define({
    method: 'GET',
    path: '/session',
    summary: 'Where this browser stands in the login journey',
    access: 'public',
    status: 200,
    response: SessionView,
    errors: [],
    features: ['A1', 'A16'],
  }),
  login: define({
    method: 'POST',
    path: '/session/login',
    summary: 'Log in with user ID, password and (after the first login) the second password',
    access: 'public',
    body: LoginRequest,
    status: 200,
    response: SessionView,
    errors: ['invalid_credentials', 'access_not_yet_available', 'access_contact_office'],
    features: ['A1', 'A2', 'A6', 'A7', 'A18'],
  }),
  logout: define({
    method: 'POST',
    path: '/session/logout',
    summary: 'End the session',
    access: 'public',
    status: 200,
    response: SessionView,
    errors: [],
    features: ['A16'],
  }),
  extendSession: define({
    method: 'POST',
    path: '/session/extend',
    summary: 'Reset the inactivity timer',
    access: 'student',
    status: 200,
    response: SessionExtended,
    errors: ['unauthenticated'],
    features: ['A16'],
  }),
  registerEmail: define({
    method: 'POST',
    path: '/session/email-registration',
    summary: 'First login: register the email address and mail a one-time link',
    access: 'login',
    body: EmailWithConfirmation,
    status: 200,
    response: SessionView,
    errors: ['unauthenticated', 'wrong_step', 'email_mismatch'],
    features: ['A3'],
  }),
  confirmEmailRegistration: define({
    method: 'POST',
    path: '/links/email-registration',
    summary: "Redeem the registration mail's one-time link",
    access: 'public',
    body: LinkRedeemRequest,
    status: 200,
    response: EmailConfirmed,
    errors: ['link_invalid', 'link_expired', 'link_used'],
    features: ['A4'],
  }),
  setupSecondPassword: define({
    method: 'POST',
    path: '/session/second-password',
    summary: 'First login: set the second password',
    access: 'login',
    body: SecondPasswordSetupRequest,
    status: 200,
    response: SessionView,
    errors: ['unauthenticated', 'wrong_step', 'second_password_rules', 'second_password_mismatch'],
    features: ['A5'],
  }),
  verifyAuthKey: define({
    method: 'POST',
    path: '/session/auth-key',
    summary: 'Enter the mailed auth key',
    access: 'login',
    body: AuthKeyVerifyRequest,
    status: 200,
    response: SessionView,
    errors: ['unauthenticated', 'wrong_step', 'auth_key_wrong', 'auth_key_locked', 'auth_key_expired'],
    features: ['A7', 'A9'],
  }),
  reissueAuthKey: define({
    method: 'POST',
    path: '/session/auth-key/reissue',
    summary: 'Mail a new auth key; the old one stops working',
    access: 'login',
    status: 200,
    response: AuthKeyReissued,
    errors: ['unauthenticated', 'wrong_step'],
    features: ['A8', 'A9'],
  }),
  requestSecondPasswordReset: define({
    method: 'POST',
    path: '/second-password-reset',
    summary: 'Forgotten second password: mail a reset link (same answer for unknown addresses)',
    access: 'public',
    body: SecondPasswordResetRequest,
    status: 200,
    response: ResetRequestAccepted,
    errors: [],
    features: ['A13'],
  }),
  resetSecondPassword: define({
    method: 'POST',
    path: '/links/second-password-reset',
    summary: "Redeem the reset mail's link with a new second password",
    access: 'public',
    body: SecondPasswordResetConfirm,
    status: 200,
    response: Done,
    errors: [
      'link_invalid',
      'link_expired',
      'link_used',
      'second_password_rules',
      'second_password_mismatch',
    ],
    features: ['A13'],
  }),
  requestEmailChange: define({
    method: 'POST',
    path: '/account/email-change',
    summary: 'Change the email address: mail a one-time link to the new address',
    access: 'student',
    body: EmailWithConfirmation,
    status: 200,
    response: LinkMailSent,
    errors: ['unauthenticated', 'email_mismatch'],
    features: ['A11'],
  }),
  confirmEmailChange: define({
    method: 'POST',
    path: '/links/email-change',
    summary: "Redeem the email change mail's one-time link",
    access: 'public',
    body: LinkRedeemRequest,
    status: 200,
    response: EmailConfirmed,
    errors: ['link_invalid', 'link_expired', 'link_used'],
    features: ['A11'],
  }),
  changeSecondPassword: define({
    method: 'POST',
    path: '/account/second-password',
    summary: 'Change the second password',
    access: 'student',
    body: SecondPasswordChangeRequest,
    status: 200,
    response: Done,
    errors: [
      'unauthenticated',
      'current_second_password_wrong',
      'second_password_rules',
      'second_password_mismatch',
    ],
    features: ['A12'],
  }),
  setTwoFactor: define({
    method: 'PUT',
    path: '/account/two-factor',
    summary: 'Turn email two-factor on or off (when the tenant makes it optional)',
    access: 'student',
    body: TwoFactorSetting,
    status: 200,
    response: TwoFactorSetting,
    errors: ['unauthenticated', 'two_factor_not_changeable'],
    features: ['A15'],
  }),
  setLocale: define({
    method: 'PUT',
    path: '/account/locale',
    summary: 'Keep the chosen language so that screens and mails follow it',
    access: 'public',
    body: LocaleSetting,
    status: 200,
    response: LocaleSetting,
    errors: [],
    features: ['A14'],
  }),
  getCatalog: define({
    method: 'GET',
    path: '/catalog',
    summary: 'What this student can order for a destination',
    access: 'student',
    query: CatalogQuery,
    status: 200,
    response: Catalog,
    errors: ['unauthenticated'],
    features: ['O1', 'O2', 'O3', 'O9'],
  }),
  getPickupEstimate: define({
    method: 'GET',
    path: '/pickup-estimate',
    summary: 'When an order placed now would be ready at the counter',
    access: 'student',
    status: 200,
    response: PickupEstimate,
    errors: ['unauthenticated'],
    features: ['O5'],
  }),
  createOrder: define({
    method: 'POST',
    path: '/orders',
    summary: 'Place an order (awaiting payment)',
    access: 'student',
    body: CreateOrderRequest,
    status: 201,
    response: Order,
    errors: [
      'unauthenticated',
      'order_invalid',
      'delivery_invalid',
      'total_mismatch',
      'no_refund_not_acknowledged',
    ],
    features: ['O2', 'O3', 'O4', 'O5', 'O8', 'O9'],
  }),
  listOrders: define({
    method: 'GET',
    path: '/orders',
    summary: "The student's orders, newest first",
    access: 'student',
    status: 200,
    response: OrderList,
    errors: ['unauthenticated'],
    features: ['O11'],
  }),
  getOrder: define({
    method: 'GET',
    path: '/orders/:orderId',
    summary: 'One order with its payment and print reservation',
    access: 'student',
    params: OrderParams,
    status: 200,
    response: Order,
    errors: ['unauthenticated', 'order_not_found'],
    features: ['O6', 'O10', 'O11'],
  }),
  startPayment: define({
    method: 'POST',
    path: '/orders/:orderId/payments',
    summary: 'Pay an order with a method; safe to retry with the same Idempotency-Key',
    access: 'student',
    params: OrderParams,
    body: StartPaymentRequest,
    idempotencyKey: true,
    status: 201,
    response: Payment,
    errors: [
      'unauthenticated',
      'order_not_found',
      'order_not_payable',
      'already_paid',
      'payment_in_progress',
      'idempotency_key_reused',
      'payment_method_unavailable',
    ],
    features: ['O7', 'O8'],
  }),
  getPayment: define({
    method: 'GET',
    path: '/orders/:orderId/payments/:paymentId',
    summary: "A payment's status, e.g. after returning from the provider",
    access: 'student',
    params: PaymentParams,
    status: 200,
    response: Payment,
    errors: ['unauthenticated', 'order_not_found', 'payment_not_found'],
    features: ['O7', 'O10'],
  }),
} as const;

export type Endpoints = typeof endpoints;
export type EndpointName = keyof Endpoints;

type Infer<S> = S extends z.ZodMiniType ? z.infer<S> : never;
type InputOf<S> = S extends z.ZodMiniType ? z.input<S> : never;

/** What an endpoint answers with on success. */
export type ResponseOf<N extends EndpointName> = Infer<Endpoints[N]['response']>;
/** The JSON body an endpoint takes, or `never`. */
export type BodyOf<N extends EndpointName> = Endpoints[N] extends { body: infer B } ? InputOf<B> : never;
export type QueryOf<N extends EndpointName> = Endpoints[N] extends { query: infer Q } ? InputOf<Q> : never;
export type ParamsOf<N extends EndpointName> = Endpoints[N] extends { params: infer P }
  ? InputOf<P>
  : never;

type IsNever<T> = [T] extends [never] ? true : false;

/**
 * What a call to endpoint `N` takes: only the parts that endpoint has, so a missing body or
 * a body where none belongs does not compile.
 */
export type RequestInput<N extends EndpointName> = (IsNever<ParamsOf<N>> extends true
  ? unknown
  : { params: ParamsOf<N> }) &
  (IsNever<QueryOf<N>> extends true ? unknown : { query: QueryOf<N> }) &
  (IsNever<BodyOf<N>> extends true ? unknown : { body: BodyOf<N> }) &
  (Endpoints[N] extends { idempotencyKey: true } ? { idempotencyKey?: string } : unknown) & {
    signal?: AbortSignal;
  };
