/** A tenant and students for the core's own tests; not exported from the package. */
import type { Student } from './student.js';
import type { CatalogItem, TenantSettings } from './tenant.js';

const PRINTABLE = ['campus-printer', 'konbini', 'mail'] as const;

export const catalog: readonly CatalogItem[] = [
  {
    itemId: 'enrollment-certificate-ja',
    kind: 'certificate',
    name: { ja: '在学証明書', en: 'Certificate of Enrollment' },
    edition: 'ja',
    unitPrice: 200,
    maxQuantity: 10,
    destinations: PRINTABLE,
  },
  {
    itemId: 'transcript-en',
    kind: 'certificate',
    name: { ja: '成績証明書(英文)', en: 'Transcript (English)' },
    edition: 'en',
    unitPrice: 300,
    maxQuantity: 5,
    destinations: PRINTABLE,
  },
  {
    itemId: 'expected-graduation-ja',
    kind: 'certificate',
    name: { ja: '卒業見込み証明書' },
    edition: 'ja',
    unitPrice: 200,
    maxQuantity: 10,
    destinations: PRINTABLE,
    minYear: 4,
    groups: ['undergraduate'],
  },
  {
    itemId: 'student-card-reissue',
    kind: 'fee',
    name: { ja: '学生証再発行料' },
    unitPrice: 2000,
    maxQuantity: 1,
    destinations: ['mail'],
  },
  {
    itemId: 'parking-fee',
    kind: 'fee',
    name: { ja: '学生駐車場使用料' },
    unitPrice: 5000,
    maxQuantity: 1,
    destinations: ['mail'],
    minYear: 2,
    windows: [
      { from: '2026-06-01', to: '2026-06-10' },
      { from: '2027-06-01', to: '2027-06-10' },
    ],
  },
];

export const tenant: TenantSettings = {
  tenantId: 'sample-university',
  name: { ja: 'サンプル大学', en: 'Sample University' },
  senderAddress: 'no-reply@example.ac.jp',
  contacts: {
    studentSupport: {
      name: { ja: '学生支援課' },
      hours: { ja: '平日 8:30~17:00' },
      phone: '03-0000-0000',
    },
    callCenter: { name: { ja: 'コールセンター' }, hours: { ja: '24時間' } },
  },
  accessRules: [
    {
      group: 'graduate',
      access: 'contact-office',
      notice: { ja: '大学院生は学生支援課へお問い合わせください。' },
    },
  ],
  twoFactor: { mode: 'required', maxAttempts: 5, keyTtlMinutes: 10, trustedDays: 30 },
  idleTimeoutSeconds: 1800,
  idleWarningSeconds: 60,
  locales: ['ja', 'en'],
  defaultLocale: 'ja',
  closures: ['12-29', '12-30', '12-31', '01-01', '01-02', '01-03'],
  catalog,
  paymentMethods: ['card', 'konbini-lawson', 'pay-easy', 'paypay'],
  paymentNumberValidDays: 3,
  printReservationValidDays: 7,
};

export const firstYear: Student = {
  userId: 's2026001',
  name: '山田 花子',
  group: 'undergraduate',
  department: 'nursing',
  year: 1,
};

export const secondYear: Student = { ...firstYear, userId: 's2025001', year: 2 };
export const fourthYear: Student = { ...firstYear, userId: 's2023001', year: 4 };
export const graduate: Student = { ...firstYear, userId: 'g2026001', group: 'graduate', year: 1 };
