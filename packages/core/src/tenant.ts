import type {
  Destination,
  ItemKind,
  Locale,
  PaymentMethod,
  StudentGroup,
  TwoFactorMode,
} from './vocabulary.js';

/** Text the tenant writes itself (item names, office names), per locale; `ja` is always present. */
export type LocalizedText = { readonly ja: string } & Partial<Record<Locale, string>>;

/** A desk a student can call (A17). */
export interface ContactDesk {
  readonly name: LocalizedText;
  /** Opening hours as the tenant writes them, e.g. 平日 8:30~17:00. */
  readonly hours: LocalizedText;
  readonly phone?: string;
  readonly email?: string;
  /** A chat-support link (the call center's 24-hour chat). */
  readonly chatUrl?: string;
}

/** A17: who answers what. */
export interface TenantContacts {
  /** Questions about content and eligibility: the student support office (学生支援課). */
  readonly studentSupport: ContactDesk;
  /** Payment and system questions: the service call center (コールセンター). */
  readonly callCenter: ContactDesk;
}

/** A18: a group told to contact the office instead of logging in (e.g. graduate school). */
export interface AccessRule {
  readonly group: StudentGroup;
  readonly access: 'contact-office';
  readonly notice: LocalizedText;
}

/** An eligibility window (O9), as calendar dates in Asia/Tokyo, inclusive (`YYYY-MM-DD`). */
export interface DateWindow {
  readonly from: string;
  readonly to: string;
}

/** One thing a student can order: a certificate edition or a fee (O2, O3, O9). */
export interface CatalogItem {
  /** Stable id, e.g. `enrollment-certificate-ja`. */
  readonly itemId: string;
  readonly kind: ItemKind;
  readonly name: LocalizedText;
  /** Language of the printed document, for certificates. */
  readonly edition?: 'ja' | 'en';
  /** Price per copy in integer yen. */
  readonly unitPrice: number;
  /** Most copies per order (部数 limit). */
  readonly maxQuantity: number;
  /** Where it can be produced; items that cannot be printed list only `mail`. */
  readonly destinations: readonly Destination[];
  /** Only students in at least this year (学年) may order it. */
  readonly minYear?: number;
  /** Only these groups may order it. */
  readonly groups?: readonly StudentGroup[];
  /** Only orderable inside one of these windows. */
  readonly windows?: readonly DateWindow[];
}

/**
 * A20: whether students may use passkeys: `off`; `offered` (a student may register one and then
 * log in with it); `required-after-first-login` (once logged in, a student without a passkey is
 * told so in the session view and may do nothing but register one: every other student endpoint
 * answers `passkey_required`; the login just made counts as the re-authentication registering
 * needs. The passwords and the auth key stay the way back for a student who has one).
 */
export const PASSKEY_MODES = ['off', 'offered', 'required-after-first-login'] as const;
export type PasskeyMode = (typeof PASSKEY_MODES)[number];

/** A20: the tenant's passkey setting. */
export interface PasskeySettings {
  readonly mode: PasskeyMode;
  /**
   * The WebAuthn relying party ID: a registrable domain of the pages that host the elements,
   * e.g. `shomei-u.example`. Default: the host name of `homepageUrl`. Passkeys are bound to it
   * for good: changing it makes every registered passkey useless.
   */
  readonly rpId?: string;
  /**
   * The exact origins (`https://www.shomei-u.example`) whose pages may create and use passkeys.
   * Default: the service's own origin and the tenant's allowed origins (CSRF and CORS), the
   * same pages that may call the API at all.
   */
  readonly origins?: readonly string[];
}

/** A20: the passkey mode of a tenant; absent means off. */
export function passkeyMode(settings: Pick<TenantSettings, 'passkeys'>): PasskeyMode {
  return settings.passkeys?.mode ?? 'off';
}

/** A20: the relying party ID of a tenant's passkeys, or null when it has none to derive from. */
export function passkeyRpId(
  settings: Pick<TenantSettings, 'passkeys' | 'homepageUrl'>,
): string | null {
  if (settings.passkeys?.rpId !== undefined) return settings.passkeys.rpId;
  if (settings.homepageUrl === undefined) return null;
  try {
    return new URL(settings.homepageUrl).hostname;
  } catch {
    return null;
  }
}

/** Everything that differs between universities. One service hosts many tenants. */
export interface TenantSettings {
  readonly tenantId: string;
  readonly name: LocalizedText;
  /** The university's logo (X3), an absolute URL the elements may show beside its name. */
  readonly logoUrl?: string;
  /**
   * The office that processes orders and hands certificates over at its counter (O4, O6),
   * e.g. 学生支援課; defaults to the student support desk's name.
   */
  readonly officeName?: LocalizedText;
  /**
   * Notices the login box shows above its own (A1), in order, e.g. where students find their
   * user ID and password (「ログインID、パスワードについては、各学科のe-ラーニング掲示板を確認ください。」).
   */
  readonly loginNotices?: readonly LocalizedText[];
  /** The From address students must allow-list (A3). */
  readonly senderAddress: string;
  readonly manualUrl?: string;
  readonly homepageUrl?: string;
  readonly contacts: TenantContacts;
  readonly accessRules: readonly AccessRule[];
  readonly twoFactor: {
    readonly mode: TwoFactorMode;
    /** Wrong keys allowed before the key is locked (A9). */
    readonly maxAttempts: number;
    /** How long a mailed auth key is valid, in minutes (A7). */
    readonly keyTtlMinutes: number;
    /** How long a device is trusted after a verified key, in days (A7). */
    readonly trustedDays: number;
  };
  /** A20: passkeys; absent means off. */
  readonly passkeys?: PasskeySettings;
  /** Inactivity before automatic logout (A16), in seconds. */
  readonly idleTimeoutSeconds: number;
  /** Seconds before the idle logout when the student is warned (A16, at least 20). */
  readonly idleWarningSeconds: number;
  readonly locales: readonly Locale[];
  readonly defaultLocale: Locale;
  /** Office closures as dates in Asia/Tokyo (`YYYY-MM-DD`) or recurring `MM-DD` (e.g. 12-29). */
  readonly closures: readonly string[];
  readonly catalog: readonly CatalogItem[];
  readonly paymentMethods: readonly PaymentMethod[];
  /** Days a konbini / Pay-easy payment number stays valid. */
  readonly paymentNumberValidDays: number;
  /** Days a print reservation number stays valid at the machine (O10). */
  readonly printReservationValidDays: number;
  /**
   * Hours an order may wait for a payment to start before it expires (O11 「期限切れ」); an
   * order with a pending payment waits for that payment instead. Default
   * DEFAULT_UNPAID_ORDER_EXPIRY_HOURS (order-status.ts).
   */
  readonly unpaidOrderExpiryHours?: number;
}
