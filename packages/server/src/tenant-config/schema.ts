/**
 * X6: the tenant file, one JSON file per university. This zod schema is the only definition of
 * the format: the loader validates with it, `npm run tenant-config` writes the JSON Schema for
 * editors (packages/server/tenant.schema.json) and the reference (docs/tenant-config.md) from
 * it, and `npm run tenant-config:check` fails when either is stale. Every field carries a
 * description, because the reference is generated from them.
 *
 * Objects are strict: an unknown key is an error (a typo must not silently drop a setting).
 * Secrets never live in the file: it names the environment variable that holds them.
 */
import {
  DESTINATIONS,
  ITEM_KINDS,
  LOCALES,
  PAYMENT_METHODS,
  STUDENT_GROUPS,
  TWO_FACTOR_MODES,
  PASSKEY_MODES,
} from '@shomei/core';
import * as z from 'zod';
import { ldapDirectoryOptionsSchema } from '../directory/ldap-directory.js';

const wholeYen = z
  .int({ error: 'expected a whole number of yen' })
  .min(0, { error: 'expected a whole number of yen, 0 or more' });

const positiveInt = (description: string) =>
  z
    .int({ error: 'expected a whole number' })
    .min(1, { error: 'expected 1 or more' })
    .describe(description);

const httpUrl = (description: string) =>
  z.url({ protocol: /^https?$/, error: 'expected an absolute http(s) URL' }).describe(description);

const email = (description: string) =>
  z.email({ error: 'expected an email address' }).describe(description);

/** `YYYY-MM-DD` that names a real day of the calendar. */
const isoDate = z.iso.date({ error: 'expected a date as YYYY-MM-DD' });

/** `MM-DD`, every year (e.g. 12-29 for the year-end closure). */
const recurringDate = z
  .string()
  .regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { error: 'expected a date as MM-DD' });

const locale = z.enum(LOCALES, { error: `expected one of ${LOCALES.join(', ')}` });

/** Text per locale; `ja` is required, the others fall back to it. */
const localizedText = (description: string) =>
  z
    .strictObject(
      Object.fromEntries(
        LOCALES.map((code) => [
          code,
          code === 'ja'
            ? z
                .string()
                .min(1, { error: 'expected the Japanese text' })
                .describe('日本語 (required)')
            : z.string().min(1).optional().describe(`Text in ${code}; falls back to ja`),
        ]),
      ) as { ja: z.ZodString } & Record<
        Exclude<(typeof LOCALES)[number], 'ja'>,
        z.ZodOptional<z.ZodString>
      >,
    )
    .describe(description);

const contactDesk = (description: string) =>
  z
    .strictObject({
      name: localizedText('The desk as students know it, e.g. 学生支援課'),
      hours: localizedText('Opening hours as written for students, e.g. 平日 8:30~17:00'),
      phone: z.string().min(1).optional().describe('Phone number as dialled, e.g. 03-0000-0000'),
      email: email('Email address of the desk').optional(),
      chatUrl: httpUrl('A chat-support link (e.g. the call center’s 24-hour chat)').optional(),
    })
    .describe(description);

/** A calendar day: `YYYY-MM-DD`, or `MM-DD` for the same day every year. */
const day = z.union([isoDate, recurringDate], {
  error: 'expected a date as YYYY-MM-DD or MM-DD',
});

const dateWindow = z
  .strictObject({
    from: day.describe('First day (Asia/Tokyo), inclusive: YYYY-MM-DD, or MM-DD every year'),
    to: day.describe('Last day (Asia/Tokyo), inclusive: YYYY-MM-DD, or MM-DD every year'),
  })
  .superRefine((window, context) => {
    if (window.from.length !== window.to.length)
      context.addIssue({
        code: 'custom',
        path: ['to'],
        message: 'expected the same form as `from` (both YYYY-MM-DD or both MM-DD)',
      });
    else if (window.from > window.to)
      context.addIssue({
        code: 'custom',
        path: ['to'],
        message: 'expected a day on or after `from`',
      });
  })
  .describe(
    'A period when the item can be ordered: two dates (YYYY-MM-DD) or the same days every year (MM-DD)',
  );

const catalogItem = z
  .strictObject({
    itemId: z
      .string()
      .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, {
        error: 'expected lower-case letters, digits and hyphens, e.g. transcript-ja',
      })
      .describe('Stable id, never reused (orders keep it), e.g. enrollment-certificate-ja'),
    kind: z
      .enum(ITEM_KINDS)
      .describe('`certificate` (証明書) or `fee` (各種料金: cards, passes, fees)'),
    name: localizedText('The item as students see it, per locale'),
    edition: z
      .enum(['ja', 'en'])
      .optional()
      .describe('Language of the printed certificate (和文 / 英文); certificates only'),
    unitPrice: wholeYen.describe('Price per copy in yen (a whole number, 0 or more)'),
    maxQuantity: positiveInt('Most copies per order (部数 limit)'),
    destinations: z
      .array(z.enum(DESTINATIONS))
      .min(1, { error: 'expected at least one destination' })
      .describe(
        'Where the item can be produced (印刷先): campus-printer, konbini, mail; items that cannot be printed list only mail',
      ),
    minYear: positiveInt('Only students in at least this year (学年) may order it').optional(),
    groups: z
      .array(z.enum(STUDENT_GROUPS))
      .min(1)
      .optional()
      .describe('Only these student groups may order it'),
    windows: z
      .array(dateWindow)
      .min(1)
      .optional()
      .describe(
        'Only orderable inside one of these periods (e.g. 学生駐車場使用料: 06-01 to 06-10)',
      ),
  })
  .superRefine((item, context) => {
    if (item.kind === 'fee' && item.edition !== undefined)
      context.addIssue({
        code: 'custom',
        path: ['edition'],
        message: 'only certificates have an edition',
      });
  })
  .describe('One thing a student can order: a certificate edition or a fee (O2, O3, O9)');

/** Where the university's user IDs and passwords come from (A1, A2): a CSV roster... */
const csvDirectory = z
  .strictObject({
    kind: z.literal('csv').describe('A CSV roster exported by the university'),
    file: z
      .string()
      .min(1)
      .describe(
        'The roster, relative to this file: userId,name,group,department,year,availableFrom,passwordHash',
      ),
  })
  .describe('Students from a CSV roster (packages/server/src/directory/csv-roster.ts)');

/**
 * ...or the university's LDAP directory (docs/decisions/0015): the directory's own schema,
 * with `kind` and a description of every field for the reference (the same checks).
 */
const ldap = ldapDirectoryOptionsSchema.shape;
const ldapDirectory = ldapDirectoryOptionsSchema
  .safeExtend({
    kind: z
      .literal('ldap')
      .describe('The university’s LDAP directory: a password is checked by binding as the student'),
    url: ldap.url.describe('ldap://host[:port] or ldaps://host[:port]'),
    userDnTemplate: ldap.userDnTemplate.describe(
      'The student’s DN with {userId}, e.g. uid={userId},ou=people,dc=u,dc=example; or use a search',
    ),
    searchBase: ldap.searchBase.describe('Where to search for the student (with searchFilter)'),
    searchFilter: ldap.searchFilter.describe(
      'The search with {userId}, e.g. (&(objectClass=inetOrgPerson)(uid={userId}))',
    ),
    searchScope: ldap.searchScope.describe('`one` or `sub` (default)'),
    bindDn: ldap.bindDn.describe('The service account that searches'),
    bindPasswordEnv: ldap.bindPasswordEnv.describe(
      'The environment variable holding the service account’s password (never the password)',
    ),
    attributes: ldap.attributes.describe(
      'Which LDAP attribute holds each field of a student: userId, name, group, department, year, availableFrom?, preferredLocale?',
    ),
    groupValues: ldap.groupValues.describe(
      'The group attribute’s values and the group each means, e.g. {"学部生": "undergraduate"}',
    ),
    timeoutMs: ldap.timeoutMs.describe(
      'Limit for connecting and each operation, in ms (default 5000)',
    ),
    tls: ldap.tls.describe('caFile (a PEM of the CA), rejectUnauthorized (default true), startTls'),
  })
  .describe(
    'Students from the university’s LDAP directory (packages/server/src/directory/ldap-directory.ts)',
  );

const directory = z
  .discriminatedUnion('kind', [csvDirectory, ldapDirectory], {
    error: 'expected a directory with kind "csv" or "ldap"',
  })
  .describe('Where students’ user IDs and passwords come from');

const accessRule = z
  .strictObject({
    group: z.enum(STUDENT_GROUPS).describe('The group the rule applies to'),
    access: z
      .literal('contact-office')
      .describe('`contact-office`: the group is told to contact the office instead of logging in'),
    notice: localizedText(
      'What the group is told, e.g. 大学院生の方は、学生支援課へお問い合わせください。',
    ),
  })
  .describe('A group told to contact the office instead of logging in (A18)');

const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;

export const tenantFileSchema = z
  .strictObject({
    $schema: z
      .string()
      .optional()
      .describe('The JSON Schema for editors, e.g. ../../packages/server/tenant.schema.json'),
    tenantId: z
      .string()
      .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, {
        error:
          'expected lower-case letters, digits and hyphens (it is part of every URL: /t/<tenantId>)',
      })
      .max(64)
      .describe('The university’s id in every URL (/t/<tenantId>/...); unique among the files'),
    name: localizedText('The university’s name per locale, e.g. 証明大学'),
    logoUrl: httpUrl('The university’s logo (X3)').optional(),
    senderAddress: email('The From address of every mail; students are told to allow-list it (A3)'),
    manualUrl: httpUrl('The student manual (account menu → マニュアル, A10)').optional(),
    homepageUrl: httpUrl(
      'The university page hosting the elements (account menu → トップページ, A10)',
    ).optional(),
    officeName: localizedText(
      'The office that processes orders and hands them over at its counter (O4, O6), e.g. 学生支援課; default: the student support desk’s name',
    ).optional(),
    contacts: z
      .strictObject({
        studentSupport: contactDesk(
          'Questions about content and eligibility: the student support office (学生支援課)',
        ),
        callCenter: contactDesk('Payment and system questions: the service call center'),
      })
      .describe('Who answers what (A17)'),
    loginNotices: z
      .array(localizedText('One notice'))
      .optional()
      .describe(
        'Notices the login box shows first (A1), e.g. where students find their user ID and password',
      ),
    accessRules: z.array(accessRule).describe('Access rules per group (A18)'),
    twoFactor: z
      .strictObject({
        mode: z
          .enum(TWO_FACTOR_MODES)
          .describe('Email two-factor: required, optional (the student chooses) or off (A15)'),
        maxAttempts: positiveInt('Wrong auth keys allowed before the key is locked (A9)'),
        keyTtlMinutes: positiveInt('How long a mailed auth key is valid, in minutes (A7)'),
        trustedDays: z
          .int({ error: 'expected a whole number' })
          .min(0)
          .describe(
            'How long a device is trusted after a verified key, in days (A7); 0: ask every time',
          ),
      })
      .describe('Two-factor authentication by email (A7, A9, A15)'),
    passkeys: z
      .strictObject({
        mode: z
          .enum(PASSKEY_MODES)
          .describe(
            'Passkeys: off, offered (a student may register one and log in with it), or required-after-first-login (a logged-in student without one must register one before anything else); A20',
          ),
        rpId: z
          .string()
          .min(1)
          .optional()
          .describe(
            'WebAuthn relying party ID, e.g. shomei-u.example; default: the host name of homepageUrl. Changing it makes every registered passkey useless',
          ),
        origins: z
          .array(
            z
              .string()
              .regex(/^https?:\/\/[^/?#\s]+$/, {
                error: 'expected an origin: scheme://host[:port]',
              })
              .describe('An exact origin, e.g. https://www.shomei-u.example'),
          )
          .optional()
          .describe(
            'Exact origins whose pages may create and use passkeys; default: the service’s own origin and allowedOrigins',
          ),
      })
      .optional()
      .describe('Passkeys (A20); absent: off'),
    idleTimeoutSeconds: positiveInt('Inactivity before automatic logout, in seconds (A16)'),
    idleWarningSeconds: z
      .int({ error: 'expected a whole number' })
      .min(20, { error: 'expected at least 20 seconds (WCAG 2.2.1)' })
      .describe('Seconds before the idle logout when the student is warned (A16), at least 20'),
    locales: z
      .array(locale)
      .min(1)
      .describe(`Languages offered (X1, A14): a subset of ${LOCALES.join(', ')}`),
    defaultLocale: locale.describe('The language before the student picks one; one of `locales`'),
    closures: z
      .array(day)
      .describe(
        'Office closures (O5): YYYY-MM-DD, or MM-DD every year (e.g. 12-29 … 01-03); the office adds more at run time (S5)',
      ),
    catalog: z
      .array(catalogItem)
      .min(1, { error: 'expected at least one item' })
      .superRefine((items, context) => {
        const seen = new Map<string, number>();
        items.forEach((item, index) => {
          const first = seen.get(item.itemId);
          if (first === undefined) seen.set(item.itemId, index);
          else
            context.addIssue({
              code: 'custom',
              path: [index, 'itemId'],
              message: `duplicate item id "${item.itemId}" (also catalog[${first}])`,
            });
        });
      })
      .describe('What students can order (O2, O3, O9)'),
    paymentMethods: z
      .array(z.enum(PAYMENT_METHODS))
      .min(1, { error: 'expected at least one payment method' })
      .describe(`Payment methods offered (O7): ${PAYMENT_METHODS.join(', ')}`),
    paymentNumberValidDays: positiveInt(
      'Days a konbini / Pay-easy payment number stays valid (O7)',
    ),
    printReservationValidDays: positiveInt(
      'Days a print reservation number stays valid at the machine (O10)',
    ),
    unpaidOrderExpiryHours: positiveInt(
      'Hours an order may wait for a payment to start before it expires (O11); default 72',
    ).optional(),
    directory,
    allowedOrigins: z
      .array(
        z.string().regex(/^https?:\/\/[^/?#*]+(:\*)?$/, {
          error: 'expected an origin such as https://www.example.ac.jp or http://localhost:*',
        }),
      )
      .describe(
        'Origins of the pages that embed the elements (CSRF and CORS); `:*` allows any port',
      ),
    passwordHashIterations: positiveInt(
      'PBKDF2 iterations of new second passwords; default PASSWORD_HASH_ITERATIONS (600 000)',
    ).optional(),
    linkPageUrl: httpUrl(
      'The page that redeems one-time links (A4, A11, A13); default <homepageUrl>/login',
    ).optional(),
    absoluteSessionSeconds: positiveInt(
      'No session lives longer than this, however active; default 8 hours',
    ).optional(),
    staffTokenHash: z
      .string()
      .regex(/^[0-9a-fA-F]{64}$/, { error: 'expected 64 hex digits (the SHA-256 of the token)' })
      .optional()
      .describe('The SHA-256 (hex) of the staff API token (S1, O6); or use staffTokenHashEnv'),
    staffTokenHashEnv: z
      .string()
      .regex(ENV_NAME, { error: 'expected an environment variable name, e.g. STAFF_TOKEN_SHA256' })
      .optional()
      .describe(
        'The environment variable holding the SHA-256 (hex) of the staff API token; without either, the staff API answers 403',
      ),
  })
  // Checks across fields; they run even when other fields are wrong, so that one run lists
  // every error (zod skips an object's refinements after the first issue otherwise).
  .superRefine(
    (file, context) => {
      if (
        Array.isArray(file.locales) &&
        typeof file.defaultLocale === 'string' &&
        !file.locales.includes(file.defaultLocale)
      )
        context.addIssue({
          code: 'custom',
          path: ['defaultLocale'],
          message: `expected one of the offered locales (${file.locales
            .filter((code) => (LOCALES as readonly unknown[]).includes(code))
            .join(', ')})`,
        });
      if (
        Number.isInteger(file.idleWarningSeconds) &&
        Number.isInteger(file.idleTimeoutSeconds) &&
        file.idleWarningSeconds >= file.idleTimeoutSeconds
      )
        context.addIssue({
          code: 'custom',
          path: ['idleWarningSeconds'],
          message: 'expected fewer seconds than idleTimeoutSeconds',
        });
      if (file.staffTokenHash !== undefined && file.staffTokenHashEnv !== undefined)
        context.addIssue({
          code: 'custom',
          path: ['staffTokenHashEnv'],
          message: 'give staffTokenHash or staffTokenHashEnv, not both',
        });
    },
    { when: (payload) => typeof payload.value === 'object' && payload.value !== null },
  )
  .describe('One university (tenant) of a Shōmei server (X6)');

export type TenantFile = z.infer<typeof tenantFileSchema>;

/** The JSON Schema (draft 2020-12) of the tenant file, for editors and the reference. */
export function tenantJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(tenantFileSchema, { target: 'draft-2020-12', io: 'input' }),
    $id: 'https://shomei.invalid/tenant.schema.json',
    title: 'Shōmei tenant file',
  };
}
