/**
 * How the session id and the device-trust token travel (docs/decisions/0003): an HttpOnly
 * cookie by default, or headers in bearer mode (`Shomei-Session-Mode: bearer`).
 */
import { randomToken, sha256Hex } from '@shomei/core';
import type { Store, SessionRecord } from '../store/store.js';

export const SESSION_COOKIE = 'shomei_session';
export const TRUST_COOKIE = 'shomei_trust';
/**
 * Issue 14 (OWASP's device cookie): a random id this browser got when it logged in; a browser
 * whose id logged in to an account before keeps its own allowance of wrong passwords there.
 */
export const DEVICE_COOKIE = 'shomei_device';

/**
 * How the session and device-trust cookies are named and scoped (ServiceDeps.sessionCookies):
 * - `'tenant-path'` (default; development on http://localhost, the mock): `shomei_session` and
 *   `shomei_trust`, `Path=/t/<tenant>`, `Secure` when the request is https;
 * - `'host'` (the server behind https): `__Host-shomei_session` and `__Host-shomei_trust`,
 *   always `Secure`, `Path=/`, no `Domain`, so the browser pins them to this exact origin and no
 *   sibling subdomain can set or shadow them.
 * Both are `HttpOnly; SameSite=Lax`. The device cookie (issue 14) follows the same style.
 */
export type SessionCookieStyle = 'tenant-path' | 'host';

export interface CookieNames {
  readonly session: string;
  readonly trust: string;
  readonly device: string;
}

export function cookieNames(style: SessionCookieStyle): CookieNames {
  return style === 'host'
    ? {
        session: `__Host-${SESSION_COOKIE}`,
        trust: `__Host-${TRUST_COOKIE}`,
        device: `__Host-${DEVICE_COOKIE}`,
      }
    : { session: SESSION_COOKIE, trust: TRUST_COOKIE, device: DEVICE_COOKIE };
}
export const SESSION_MODE_HEADER = 'Shomei-Session-Mode';
export const SESSION_TOKEN_HEADER = 'Shomei-Session-Token';
export const DEVICE_TRUST_HEADER = 'Shomei-Device-Trust';

export function readCookie(request: Request, name: string): string | undefined {
  const header = request.headers.get('Cookie');
  if (header === null) return undefined;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index < 0) continue;
    if (part.slice(0, index).trim() === name) return part.slice(index + 1).trim();
  }
  return undefined;
}

function cookie(
  name: string,
  value: string,
  options: { path: string; secure: boolean; maxAgeSeconds?: number },
): string {
  return [
    `${name}=${value}`,
    `Path=${options.path}`,
    'HttpOnly',
    'SameSite=Lax',
    ...(options.secure ? ['Secure'] : []),
    ...(options.maxAgeSeconds === undefined ? [] : [`Max-Age=${options.maxAgeSeconds}`]),
  ].join('; ');
}

type SessionFields = Omit<
  SessionRecord,
  'idHash' | 'tenantId' | 'createdAt' | 'idleExpiresAt' | 'absoluteExpiresAt'
>;

/**
 * The request's session, and what the response must say about it. Handlers call `start` at
 * every login step (a new id each time: fixation defence), `save` to change the current one and
 * `end` on logout.
 */
export class SessionHandle {
  current: SessionRecord | null;
  /** Set when the response must hand out a new id (or '' to drop it). */
  private outgoing: string | undefined;
  private trustOut: { token: string; maxAgeSeconds: number } | undefined;
  private deviceOut: { id: string; maxAgeSeconds: number } | undefined;

  constructor(
    private readonly store: Store,
    private readonly tenantId: string,
    current: SessionRecord | null,
    /** A token came in but named no live session: tell the client to forget it. */
    stale: boolean,
    private readonly timing: { now: Date; idleSeconds: number; absoluteSeconds: number },
    /** The trust token the device presented, if any (A7). */
    readonly trustToken: string | undefined,
    /** The device cookie's id the browser presented, if any (issue 14). */
    readonly deviceId: string | undefined = undefined,
  ) {
    this.current = current;
    this.outgoing = stale ? '' : undefined;
  }

  /**
   * Replaces the current session (if any) with a new id. `continueLogin` keeps the creation
   * time and absolute expiry of the journey so far.
   */
  async start(fields: SessionFields, continueLogin = false): Promise<SessionRecord> {
    const { now, absoluteSeconds } = this.timing;
    const previous = this.current;
    if (previous !== null) await this.store.sessions.delete(previous.idHash);
    const token = randomToken(16);
    const createdAt = continueLogin && previous ? previous.createdAt : now.toISOString();
    const absoluteExpiresAt =
      continueLogin && previous
        ? previous.absoluteExpiresAt
        : new Date(now.getTime() + absoluteSeconds * 1000).toISOString();
    const record: SessionRecord = {
      ...fields,
      idHash: await sha256Hex(token),
      tenantId: this.tenantId,
      createdAt,
      idleExpiresAt: this.idleExpiry(absoluteExpiresAt),
      absoluteExpiresAt,
    };
    await this.store.sessions.put(record);
    this.current = record;
    this.outgoing = token;
    return record;
  }

  async save(record: SessionRecord): Promise<void> {
    await this.store.sessions.put(record);
    this.current = record;
  }

  /** A16: activity pushes the idle logout forward, never past the absolute expiry. */
  async touch(): Promise<void> {
    if (this.current === null) return;
    await this.save({
      ...this.current,
      idleExpiresAt: this.idleExpiry(this.current.absoluteExpiresAt),
    });
  }

  async end(): Promise<void> {
    if (this.current !== null) await this.store.sessions.delete(this.current.idHash);
    this.current = null;
    this.outgoing = '';
  }

  /** A7: remember this device for `maxAgeSeconds`. */
  trustDevice(token: string, maxAgeSeconds: number): void {
    this.trustOut = { token, maxAgeSeconds };
  }

  /** Issue 14: give this browser its device cookie (or renew it) for `maxAgeSeconds`. */
  rememberDevice(id: string, maxAgeSeconds: number): void {
    this.deviceOut = { id, maxAgeSeconds };
  }

  private idleExpiry(absoluteExpiresAt: string): string {
    const idle = this.timing.now.getTime() + this.timing.idleSeconds * 1000;
    return new Date(Math.min(idle, Date.parse(absoluteExpiresAt))).toISOString();
  }

  /** Writes the cookie or header changes onto the response. */
  apply(
    headers: Headers,
    options: { bearer: boolean; secure: boolean; style?: SessionCookieStyle },
  ): void {
    const style = options.style ?? 'tenant-path';
    const names = cookieNames(style);
    const path = style === 'host' ? '/' : `/t/${encodeURIComponent(this.tenantId)}`;
    const secure = style === 'host' || options.secure;
    if (this.outgoing !== undefined) {
      if (options.bearer) headers.set(SESSION_TOKEN_HEADER, this.outgoing);
      else {
        headers.append(
          'Set-Cookie',
          cookie(names.session, this.outgoing, {
            path,
            secure,
            ...(this.outgoing === '' ? { maxAgeSeconds: 0 } : {}),
          }),
        );
      }
    }
    if (this.trustOut !== undefined) {
      if (options.bearer) headers.set(DEVICE_TRUST_HEADER, this.trustOut.token);
      headers.append(
        'Set-Cookie',
        cookie(names.trust, this.trustOut.token, {
          path,
          secure,
          maxAgeSeconds: this.trustOut.maxAgeSeconds,
        }),
      );
    }
    // A cookie only, also in bearer mode: a client that keeps no cookies counts as unknown,
    // which costs it only the device's own allowance, never the owner's.
    if (this.deviceOut !== undefined) {
      headers.append(
        'Set-Cookie',
        cookie(names.device, this.deviceOut.id, {
          path,
          secure,
          maxAgeSeconds: this.deviceOut.maxAgeSeconds,
        }),
      );
    }
  }
}

/** The session token a request presents: `Authorization: Bearer` first, else the cookie. */
export function presentedSessionToken(
  request: Request,
  style: SessionCookieStyle = 'tenant-path',
): string | undefined {
  const authorization = request.headers.get('Authorization');
  const match = authorization === null ? null : /^Bearer\s+(\S+)$/i.exec(authorization);
  if (match?.[1] !== undefined) return match[1];
  return readCookie(request, cookieNames(style).session);
}

export function presentedTrustToken(
  request: Request,
  style: SessionCookieStyle = 'tenant-path',
): string | undefined {
  return (
    request.headers.get(DEVICE_TRUST_HEADER) ??
    readCookie(request, cookieNames(style).trust) ??
    undefined
  );
}

/** The device cookie's id a request presents (issue 14); a cookie only, never a header. */
export function presentedDeviceId(
  request: Request,
  style: SessionCookieStyle = 'tenant-path',
): string | undefined {
  return readCookie(request, cookieNames(style).device);
}

/** Loads the live session for a token; an expired one is deleted. */
export async function loadSession(
  store: Store,
  tenantId: string,
  token: string | undefined,
  now: Date,
  /**
   * A live session of another tenant: `'stale'` tells the client to drop it; `'ignore'` leaves
   * it (a `Path=/` cookie is sent to every tenant of the host and still belongs to the other).
   */
  otherTenant: 'stale' | 'ignore' = 'stale',
): Promise<{ session: SessionRecord | null; stale: boolean }> {
  if (token === undefined || token === '' || token.length > 256)
    return { session: null, stale: token !== undefined && token !== '' };
  const idHash = await sha256Hex(token);
  const session = await store.sessions.get(idHash);
  if (session === null) return { session: null, stale: true };
  if (session.tenantId !== tenantId) return { session: null, stale: otherTenant === 'stale' };
  const at = now.getTime();
  if (at >= Date.parse(session.idleExpiresAt) || at >= Date.parse(session.absoluteExpiresAt)) {
    await store.sessions.delete(idHash);
    return { session: null, stale: true };
  }
  return { session, stale: false };
}
