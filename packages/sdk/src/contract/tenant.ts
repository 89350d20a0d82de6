import * as z from 'zod/mini';
import { Locale, LocalizedText, PaymentMethod, StudentGroup, TwoFactorMode } from './primitives.js';

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
  /** A4/A11/A13 */
  linkTtlMinutes: z.int(),
  /** A16 */
  idleTimeoutSeconds: z.int(),
  idleWarningSeconds: z.int(),
  locales: z.array(Locale),
  defaultLocale: Locale,
  paymentMethods: z.array(PaymentMethod),
});
export type TenantInfo = z.infer<typeof TenantInfo>;
