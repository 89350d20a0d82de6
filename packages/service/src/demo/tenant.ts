/**
 * The demo university 「証明大学」 (Shōmei University), fictional, with the catalog, fees,
 * windows, payment methods, closures and contact structure of the university notice in the
 * seeds. Used by the mock, Storybook, the offline demo and tests. The server reads the same
 * tenant from examples/tenants/demo.json (X6); a test keeps the two equal.
 */
import {
  PAYMENT_METHODS,
  type CatalogItem,
  type DateWindow,
  type TenantSettings,
} from '@shomei/core';
import { createRosterDirectory } from '../directory.js';
import type { TenantConfig } from '../tenants.js';
import { createDemoRoster } from './roster.js';

export const DEMO_TENANT_ID = 'demo';

const PRINTABLE = ['campus-printer', 'konbini', 'mail'] as const;
/** English editions are not offered at the konbini machine. */
const NOT_AT_KONBINI = ['campus-printer', 'mail'] as const;
/** Cards, passes and fees cannot be printed: mail only (O2). */
const MAIL_ONLY = ['mail'] as const;

/**
 * 学生駐車場使用料: 6月上旬頃, for every year around `year`, so the catalog works whatever the
 * clock (the mock's clock can be moved years away).
 */
export function parkingFeeWindows(year: number, span = 5): DateWindow[] {
  const windows: DateWindow[] = [];
  for (let y = year - span; y <= year + span; y += 1)
    windows.push({ from: `${y}-06-01`, to: `${y}-06-10` });
  return windows;
}

function certificate(
  id: string,
  ja: string,
  en: string,
  prices: { ja: number; en: number },
  extra: Partial<Pick<CatalogItem, 'minYear' | 'groups'>> = {},
): CatalogItem[] {
  return [
    {
      itemId: `${id}-ja`,
      kind: 'certificate',
      name: {
        ja: `${ja}（和文）`,
        en: `${en} (Japanese)`,
        'zh-Hans': `${ja}（日文）`,
        ko: `${ja} (일문)`,
      },
      edition: 'ja',
      unitPrice: prices.ja,
      maxQuantity: 10,
      destinations: PRINTABLE,
      ...extra,
    },
    {
      itemId: `${id}-en`,
      kind: 'certificate',
      name: {
        ja: `${ja}（英文）`,
        en: `${en} (English)`,
        'zh-Hans': `${ja}（英文）`,
        ko: `${ja} (영문)`,
      },
      edition: 'en',
      unitPrice: prices.en,
      maxQuantity: 10,
      destinations: NOT_AT_KONBINI,
      ...extra,
    },
  ];
}

export function demoCatalog(year: number): CatalogItem[] {
  return [
    ...certificate('enrollment-certificate', '在学証明書', 'Certificate of Enrollment', {
      ja: 200,
      en: 400,
    }),
    ...certificate('transcript', '成績証明書', 'Transcript', { ja: 300, en: 500 }),
    ...certificate(
      'expected-graduation',
      '卒業見込み証明書',
      'Certificate of Expected Graduation',
      { ja: 300, en: 500 },
      {
        minYear: 4,
        groups: ['undergraduate'],
      },
    ),
    ...certificate('course-application', '受講申込書', 'Course Application Form', {
      ja: 100,
      en: 100,
    }),
    {
      itemId: 'student-card-reissue',
      kind: 'fee',
      name: { ja: '学生証再発行料', en: 'Student card reissue fee' },
      unitPrice: 2000,
      maxQuantity: 1,
      destinations: MAIL_ONLY,
    },
    {
      itemId: 'parking-pass-reissue',
      kind: 'fee',
      name: { ja: '学生駐車場パスカード再発行料', en: 'Parking pass reissue fee' },
      unitPrice: 1000,
      maxQuantity: 1,
      destinations: MAIL_ONLY,
    },
    {
      itemId: 'parking-fee',
      kind: 'fee',
      name: { ja: '学生駐車場使用料', en: 'Student parking fee' },
      unitPrice: 6000,
      maxQuantity: 1,
      destinations: MAIL_ONLY,
      minYear: 2,
      windows: parkingFeeWindows(year),
    },
    {
      itemId: 'accident-insurance-renewal',
      kind: 'fee',
      name: {
        ja: '傷害・賠償責任保険の継続手続き',
        en: 'Accident and liability insurance renewal',
      },
      unitPrice: 1500,
      maxQuantity: 1,
      destinations: MAIL_ONLY,
    },
  ];
}

export interface DemoTenantOptions {
  /** The clock's time when the demo starts; windows and the new student's date follow it. */
  readonly now?: Date;
  /** The page that hosts the elements (one-time links point at `<homepageUrl>/login#...`). */
  readonly homepageUrl?: string;
}

export function demoTenantSettings(options: DemoTenantOptions = {}): TenantSettings {
  const year = (options.now ?? new Date()).getUTCFullYear();
  return {
    tenantId: DEMO_TENANT_ID,
    name: { ja: '証明大学', en: 'Shōmei University', 'zh-Hans': '证明大学', ko: '쇼메이 대학교' },
    senderAddress: 'no-reply@shomei-u.example',
    manualUrl: 'https://www.shomei-u.example/certificates/manual.pdf',
    homepageUrl: options.homepageUrl ?? 'http://localhost:5173',
    officeName: {
      ja: '学生支援課',
      en: 'Student Support Office',
      'zh-Hans': '学生支援课',
      ko: '학생지원과',
    },
    contacts: {
      studentSupport: {
        name: { ja: '証明大学 学生支援課', en: 'Student Support Office, Shōmei University' },
        hours: { ja: '平日 8:30~17:00', en: 'Weekdays 8:30–17:00' },
        phone: '03-0000-0000',
        email: 'gakusei@shomei-u.example',
      },
      callCenter: {
        name: {
          ja: '証明書発行サービスコールセンター',
          en: 'Certificate Issuance Service Call Center',
        },
        hours: {
          ja: '平日 9:00~17:00（チャットサポート：24時間）',
          en: 'Weekdays 9:00–17:00 (chat support: 24 hours)',
        },
        phone: '0120-000-000',
        chatUrl: 'https://support.shomei.example/chat',
      },
    },
    // The university notice in the seeds: where students find their ID and password, and when
    // new students may start.
    loginNotices: [
      {
        ja: 'ログインID、パスワードについては、各学科のe-ラーニング掲示板を確認ください。',
        en: "Your login ID and password are posted on your department's e-learning board.",
        'zh-Hans': '登录ID和密码请查看各学科的e-learning公告栏。',
        ko: '로그인 ID와 비밀번호는 각 학과의 e-러닝 게시판에서 확인해 주십시오.',
      },
      {
        ja: '新入生の方は、入学式翌日の午後から利用可能です。',
        en: 'New students can use the service from the afternoon of the day after the entrance ceremony.',
        'zh-Hans': '新生自入学典礼次日下午起可以使用。',
        ko: '신입생은 입학식 다음 날 오후부터 이용할 수 있습니다.',
      },
    ],
    accessRules: [
      {
        group: 'graduate',
        access: 'contact-office',
        notice: {
          ja: '大学院生の方は、学生支援課へお問い合わせください。',
          en: 'Graduate students: please contact the Student Support Office.',
        },
      },
    ],
    twoFactor: { mode: 'optional', maxAttempts: 5, keyTtlMinutes: 10, trustedDays: 30 },
    // A20: passkeys for pages on localhost (any port: the origins default to allowedOrigins).
    passkeys: { mode: 'offered', rpId: 'localhost' },
    idleTimeoutSeconds: 15 * 60,
    idleWarningSeconds: 60,
    locales: ['ja', 'en', 'zh-Hans', 'ko'],
    defaultLocale: 'ja',
    closures: ['12-29', '12-30', '12-31', '01-01', '01-02', '01-03'],
    catalog: demoCatalog(year),
    paymentMethods: [...PAYMENT_METHODS],
    paymentNumberValidDays: 5,
    printReservationValidDays: 7,
    // O11: an order nobody starts paying expires after three days.
    unpaidOrderExpiryHours: 72,
  };
}

/** Staff routes of the demo tenant (O6); never use a fixed token outside the demo. */
export const DEMO_STAFF_TOKEN = 'demo-staff-token';

export function createDemoTenant(options: DemoTenantOptions = {}): TenantConfig {
  return {
    settings: demoTenantSettings(options),
    students: createRosterDirectory(createDemoRoster(options.now)),
    allowedOrigins: [
      'http://localhost',
      'http://localhost:*',
      'https://localhost:*',
      'http://127.0.0.1',
      'http://127.0.0.1:*',
    ],
    // Low on purpose: the demo runs in browsers and tests. Production: 600 000 or more.
    passwordHashIterations: 1000,
    staffToken: DEMO_STAFF_TOKEN,
  };
}

/** The demo tenant as of now; for a mock with a moved clock, use createDemoTenant({ now }). */
export const demoTenant: TenantConfig = createDemoTenant();
