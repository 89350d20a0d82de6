import * as z from 'zod/mini';
import {
  Destination,
  ItemKind,
  Locale,
  LocalizedText,
  PaymentMethod,
  StudentGroup,
  PasskeyMode,
  TwoFactorMode,
} from './primitives.js';

const ContactDesk = z.object({
  name: LocalizedText,
  hours: LocalizedText,
  phone: z.optional(z.string()),
  email: z.optional(z.string()),
  chatUrl: z.optional(z.string()),
});

/** What any page may know about the university before login (A3, A14, A15–A18). */
export const TenantInfo = z.object({
  tenantId: z.string(),
  name: LocalizedText,
  /** X3: the university's logo. */
  logoUrl: z.optional(z.string()),
  /** O4, O6: the office that processes orders and hands them over at its counter (学生支援課). */
  officeName: LocalizedText,
  /** A1: the tenant's own login notices (e.g. where students find their user ID and password). */
  loginNotices: z.array(LocalizedText),
  /** A3: the sender students must allow-list. */
  senderAddress: z.string(),
  manualUrl: z.optional(z.string()),
  homepageUrl: z.optional(z.string()),
  /** A17 */
  contacts: z.object({ studentSupport: ContactDesk, callCenter: ContactDesk }),
  /** A18 */
  accessRules: z.array(
    z.object({ group: StudentGroup, access: z.literal('contact-office'), notice: LocalizedText }),
  ),
  twoFactor: z.object({
    mode: TwoFactorMode,
    maxAttempts: z.int(),
    keyTtlMinutes: z.int(),
    trustedDays: z.int(),
  }),
  /**
   * A20: whether the login box offers passkeys (`offered`), and whether a student without one
   * registers one after logging in (`required-after-first-login`).
   */
  passkeys: z.object({ mode: PasskeyMode }),
  /** A4/A11/A13 */
  linkTtlMinutes: z.int(),
  /** A16 */
  idleTimeoutSeconds: z.int(),
  idleWarningSeconds: z.int(),
  locales: z.array(Locale),
  defaultLocale: Locale,
  paymentMethods: z.array(PaymentMethod),
  /**
   * O1, O2: what each destination offers, from the catalog (before login, for every student):
   * the kinds of item and the certificate editions. A destination without items is absent.
   */
  destinations: z.array(
    z.object({
      destination: Destination,
      kinds: z.array(ItemKind),
      editions: z.array(z.enum(['ja', 'en'])),
    }),
  ),
});
export type TenantInfo = z.infer<typeof TenantInfo>;
