import type * as z from 'zod/mini';
import {
  Done,
  EmailConfirmed,
  LinkMailSent,
  LinkRedeemRequest,
  LocaleSetting,
  ReauthenticateRequest,
  Reauthenticated,
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
import {
  Passkey,
  PasskeyAuthenticationOptions,
  PasskeyAuthenticationOptionsRequest,
  PasskeyList,
  PasskeyLoginRequest,
  PasskeyParams,
  PasskeyRegisterRequest,
  PasskeyRegistrationOptions,
} from './passkeys.js';
import { routes, type Route, type RequestPart } from './routes.js';
import { TenantInfo } from './tenant.js';

export interface EndpointDefinition extends Route {
  readonly params?: z.ZodMiniType;
  readonly query?: z.ZodMiniType;
  readonly body?: z.ZodMiniType;
  readonly response: z.ZodMiniType;
}

type PartsOf<R> = R extends { readonly parts: readonly (infer P extends RequestPart)[] }
  ? P
  : never;

/** A route's schemas: one for each part it lists, none for the others, and its response. */
type SchemasOf<R extends Route> = { readonly response: z.ZodMiniType } & {
  readonly [P in PartsOf<R>]: z.ZodMiniType;
} & { readonly [P in Exclude<RequestPart, PartsOf<R>>]?: never };

const define = <const R extends Route, const S extends SchemasOf<R>>(
  route: R,
  schemas: S,
): R & S => ({
  ...route,
  ...schemas,
});

/**
 * The API contract: every endpoint the A and O features need, its route (`routes.ts`) with
 * its schemas. The client, the OpenAPI document, the service's routing and validation, and the
 * mock are all generated from this table, so they cannot disagree. What only documentation
 * reads (summary, error codes, SPEC features) is in `endpoint-docs.ts`, out of the browser
 * bundle.
 */
export const endpoints = {
  getTenant: define(routes.getTenant, { response: TenantInfo }),
  getSession: define(routes.getSession, { response: SessionView }),
  login: define(routes.login, { body: LoginRequest, response: SessionView }),
  logout: define(routes.logout, { response: SessionView }),
  extendSession: define(routes.extendSession, { response: SessionExtended }),
  registerEmail: define(routes.registerEmail, {
    body: EmailWithConfirmation,
    response: SessionView,
  }),
  confirmEmailRegistration: define(routes.confirmEmailRegistration, {
    body: LinkRedeemRequest,
    response: EmailConfirmed,
  }),
  setupSecondPassword: define(routes.setupSecondPassword, {
    body: SecondPasswordSetupRequest,
    response: SessionView,
  }),
  verifyAuthKey: define(routes.verifyAuthKey, {
    body: AuthKeyVerifyRequest,
    response: SessionView,
  }),
  reissueAuthKey: define(routes.reissueAuthKey, { response: AuthKeyReissued }),
  requestSecondPasswordReset: define(routes.requestSecondPasswordReset, {
    body: SecondPasswordResetRequest,
    response: ResetRequestAccepted,
  }),
  resetSecondPassword: define(routes.resetSecondPassword, {
    body: SecondPasswordResetConfirm,
    response: Done,
  }),
  requestEmailChange: define(routes.requestEmailChange, {
    body: EmailWithConfirmation,
    response: LinkMailSent,
  }),
  confirmEmailChange: define(routes.confirmEmailChange, {
    body: LinkRedeemRequest,
    response: EmailConfirmed,
  }),
  changeSecondPassword: define(routes.changeSecondPassword, {
    body: SecondPasswordChangeRequest,
    response: Done,
  }),
  reauthenticate: define(routes.reauthenticate, {
    body: ReauthenticateRequest,
    response: Reauthenticated,
  }),
  reauthenticationPasskeyOptions: define(routes.reauthenticationPasskeyOptions, {
    response: PasskeyAuthenticationOptions,
  }),
  passkeyRegistrationOptions: define(routes.passkeyRegistrationOptions, {
    response: PasskeyRegistrationOptions,
  }),
  registerPasskey: define(routes.registerPasskey, {
    body: PasskeyRegisterRequest,
    response: Passkey,
  }),
  listPasskeys: define(routes.listPasskeys, { response: PasskeyList }),
  deletePasskey: define(routes.deletePasskey, { params: PasskeyParams, response: Done }),
  passkeyLoginOptions: define(routes.passkeyLoginOptions, {
    body: PasskeyAuthenticationOptionsRequest,
    response: PasskeyAuthenticationOptions,
  }),
  passkeyLogin: define(routes.passkeyLogin, { body: PasskeyLoginRequest, response: SessionView }),
  setTwoFactor: define(routes.setTwoFactor, { body: TwoFactorSetting, response: TwoFactorSetting }),
  setLocale: define(routes.setLocale, { body: LocaleSetting, response: LocaleSetting }),
  getCatalog: define(routes.getCatalog, { query: CatalogQuery, response: Catalog }),
  getPickupEstimate: define(routes.getPickupEstimate, { response: PickupEstimate }),
  createOrder: define(routes.createOrder, { body: CreateOrderRequest, response: Order }),
  listOrders: define(routes.listOrders, { response: OrderList }),
  getOrder: define(routes.getOrder, { params: OrderParams, response: Order }),
  startPayment: define(routes.startPayment, {
    params: OrderParams,
    body: StartPaymentRequest,
    response: Payment,
  }),
  getPayment: define(routes.getPayment, { params: PaymentParams, response: Payment }),
  cancelPayment: define(routes.cancelPayment, { params: PaymentParams, response: Payment }),
  cancelOrder: define(routes.cancelOrder, { params: OrderParams, response: Order }),
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
