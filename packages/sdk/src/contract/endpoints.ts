import type * as z from 'zod/mini';
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
  readonly access: EndpointAccess;
  readonly params?: z.ZodMiniType;
  readonly query?: z.ZodMiniType;
  readonly body?: z.ZodMiniType;
  /** The request must carry an `Idempotency-Key` header (O8). */
  readonly idempotencyKey?: true;
  readonly status: 200 | 201;
  readonly response: z.ZodMiniType;
}

const define = <const E extends EndpointDefinition>(endpoint: E): E => endpoint;

/**
 * The API contract: every endpoint the A and O features need. The client, the OpenAPI
 * document, the service's routing and validation, and the mock are all generated from this
 * table, so they cannot disagree. What only documentation reads (summary, error codes, SPEC
 * features) is in `endpoint-docs.ts`, out of the browser bundle.
 */
export const endpoints = {
  getTenant: define({
    method: 'GET',
    path: '/tenant',
    access: 'public',
    status: 200,
    response: TenantInfo,
  }),
  getSession: define({
    method: 'GET',
    path: '/session',
    access: 'public',
    status: 200,
    response: SessionView,
  }),
  login: define({
    method: 'POST',
    path: '/session/login',
    access: 'public',
    body: LoginRequest,
    status: 200,
    response: SessionView,
  }),
  logout: define({
    method: 'POST',
    path: '/session/logout',
    access: 'public',
    status: 200,
    response: SessionView,
  }),
  extendSession: define({
    method: 'POST',
    path: '/session/extend',
    access: 'student',
    status: 200,
    response: SessionExtended,
  }),
  registerEmail: define({
    method: 'POST',
    path: '/session/email-registration',
    access: 'login',
    body: EmailWithConfirmation,
    status: 200,
    response: SessionView,
  }),
  confirmEmailRegistration: define({
    method: 'POST',
    path: '/links/email-registration',
    access: 'public',
    body: LinkRedeemRequest,
    status: 200,
    response: EmailConfirmed,
  }),
  setupSecondPassword: define({
    method: 'POST',
    path: '/session/second-password',
    access: 'login',
    body: SecondPasswordSetupRequest,
    status: 200,
    response: SessionView,
  }),
  verifyAuthKey: define({
    method: 'POST',
    path: '/session/auth-key',
    access: 'login',
    body: AuthKeyVerifyRequest,
    status: 200,
    response: SessionView,
  }),
  reissueAuthKey: define({
    method: 'POST',
    path: '/session/auth-key/reissue',
    access: 'login',
    status: 200,
    response: AuthKeyReissued,
  }),
  requestSecondPasswordReset: define({
    method: 'POST',
    path: '/second-password-reset',
    access: 'public',
    body: SecondPasswordResetRequest,
    status: 200,
    response: ResetRequestAccepted,
  }),
  resetSecondPassword: define({
    method: 'POST',
    path: '/links/second-password-reset',
    access: 'public',
    body: SecondPasswordResetConfirm,
    status: 200,
    response: Done,
  }),
  requestEmailChange: define({
    method: 'POST',
    path: '/account/email-change',
    access: 'student',
    body: EmailWithConfirmation,
    status: 200,
    response: LinkMailSent,
  }),
  confirmEmailChange: define({
    method: 'POST',
    path: '/links/email-change',
    access: 'public',
    body: LinkRedeemRequest,
    status: 200,
    response: EmailConfirmed,
  }),
  changeSecondPassword: define({
    method: 'POST',
    path: '/account/second-password',
    access: 'student',
    body: SecondPasswordChangeRequest,
    status: 200,
    response: Done,
  }),
  setTwoFactor: define({
    method: 'PUT',
    path: '/account/two-factor',
    access: 'student',
    body: TwoFactorSetting,
    status: 200,
    response: TwoFactorSetting,
  }),
  setLocale: define({
    method: 'PUT',
    path: '/account/locale',
    access: 'public',
    body: LocaleSetting,
    status: 200,
    response: LocaleSetting,
  }),
  getCatalog: define({
    method: 'GET',
    path: '/catalog',
    access: 'student',
    query: CatalogQuery,
    status: 200,
    response: Catalog,
  }),
  getPickupEstimate: define({
    method: 'GET',
    path: '/pickup-estimate',
    access: 'student',
    status: 200,
    response: PickupEstimate,
  }),
  createOrder: define({
    method: 'POST',
    path: '/orders',
    access: 'student',
    body: CreateOrderRequest,
    idempotencyKey: true,
    status: 201,
    response: Order,
  }),
  listOrders: define({
    method: 'GET',
    path: '/orders',
    access: 'student',
    status: 200,
    response: OrderList,
  }),
  getOrder: define({
    method: 'GET',
    path: '/orders/:orderId',
    access: 'student',
    params: OrderParams,
    status: 200,
    response: Order,
  }),
  startPayment: define({
    method: 'POST',
    path: '/orders/:orderId/payments',
    access: 'student',
    params: OrderParams,
    body: StartPaymentRequest,
    idempotencyKey: true,
    status: 201,
    response: Payment,
  }),
  getPayment: define({
    method: 'GET',
    path: '/orders/:orderId/payments/:paymentId',
    access: 'student',
    params: PaymentParams,
    status: 200,
    response: Payment,
  }),
} as const;

export type Endpoints = typeof endpoints;
export type EndpointName = keyof Endpoints;

type Infer<S> = S extends z.ZodMiniType ? z.infer<S> : never;
type InputOf<S> = S extends z.ZodMiniType ? z.input<S> : never;

/** What an endpoint answers with on success. */
export type ResponseOf<N extends EndpointName> = Infer<Endpoints[N]['response']>;
/** The JSON body an endpoint takes, or `never`. */
export type BodyOf<N extends EndpointName> = Endpoints[N] extends { body: infer B }
  ? InputOf<B>
  : never;
export type QueryOf<N extends EndpointName> = Endpoints[N] extends { query: infer Q }
  ? InputOf<Q>
  : never;
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
