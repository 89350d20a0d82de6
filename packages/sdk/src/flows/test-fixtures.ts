/** Sample answers for the flows' tests, shaped by the contract. */
import type { Catalog, Order, Payment } from '../contract/orders.js';
import type { SessionView } from '../contract/session.js';
import type { AuthenticatedSession } from './login.js';

export const USER_ID = 's2400123';
export const IDLE_EXPIRES_AT = '2025-06-02T01:30:00.000Z';

export const authenticated: AuthenticatedSession = {
  step: 'authenticated',
  student: {
    userId: USER_ID,
    name: '産業 花子',
    group: 'undergraduate',
    department: '医学科',
    year: 2,
  },
  email: 'hanako@example.ac.jp',
  twoFactorEnabled: true,
  locale: 'ja',
  idleExpiresAt: IDLE_EXPIRES_AT,
};

export const authKeyStep: SessionView = {
  step: 'auth-key',
  userId: USER_ID,
  maskedEmail: 'ha****@example.ac.jp',
  keyExpiresAt: '2025-06-02T01:10:00.000Z',
};

export const emailRegistrationStep: SessionView = { step: 'email-registration', userId: USER_ID };
export const secondPasswordSetupStep: SessionView = {
  step: 'second-password-setup',
  userId: USER_ID,
};
export const emailSentStep: SessionView = {
  step: 'email-registration-sent',
  userId: USER_ID,
  email: 'hanako@example.ac.jp',
  linkExpiresAt: '2025-06-02T01:30:00.000Z',
};

export const LINK_TOKEN = 'AbCdEfGhIjKlMnOpQrStUv';

export const mailCatalog: Catalog = {
  destination: 'mail',
  items: [
    {
      itemId: 'enrollment-ja',
      kind: 'certificate',
      name: { ja: '在学証明書', en: 'Certificate of Enrollment' },
      edition: 'ja',
      unitPrice: 200,
      maxQuantity: 10,
      eligible: true,
    },
    {
      itemId: 'student-card',
      kind: 'fee',
      name: { ja: '学生証再発行料' },
      unitPrice: 2000,
      maxQuantity: 1,
      eligible: true,
    },
    {
      itemId: 'parking-fee',
      kind: 'fee',
      name: { ja: '学生駐車場使用料' },
      unitPrice: 5000,
      maxQuantity: 1,
      eligible: false,
      reason: 'outside-window',
      window: { from: '2025-06-01', to: '2025-06-10' },
    },
  ],
};

export const printerCatalog: Catalog = {
  destination: 'campus-printer',
  items: [
    {
      itemId: 'enrollment-ja',
      kind: 'certificate',
      name: { ja: '在学証明書' },
      edition: 'ja',
      unitPrice: 200,
      maxQuantity: 10,
      eligible: true,
    },
    {
      itemId: 'transcript-en',
      kind: 'certificate',
      name: { ja: '成績証明書(英文)', en: 'Academic Transcript' },
      edition: 'en',
      unitPrice: 300,
      maxQuantity: 5,
      eligible: true,
    },
  ],
};

export const awaitingOrder: Order = {
  orderId: 'ord_1',
  createdAt: '2025-06-02T01:00:00.000Z',
  destination: 'campus-printer',
  lines: [
    {
      itemId: 'enrollment-ja',
      name: { ja: '在学証明書' },
      quantity: 2,
      unitPrice: 200,
      subtotal: 400,
    },
  ],
  total: 400,
  delivery: null,
  pickupReadyAt: null,
  status: 'awaiting-payment',
  payment: null,
  printReservation: null,
  completedAt: null,
};

export const redirectPayment: Payment = {
  paymentId: 'pay_1',
  orderId: 'ord_1',
  method: 'card',
  status: 'pending',
  amount: 400,
  createdAt: '2025-06-02T01:01:00.000Z',
  nextStep: { kind: 'redirect', url: 'https://pay.example/checkout/pay_1' },
};

export const konbiniPayment: Payment = {
  ...redirectPayment,
  paymentId: 'pay_2',
  method: 'konbini-lawson',
  nextStep: {
    kind: 'payment-number',
    paymentNumber: '1234-5678-9012',
    deadline: '2025-06-05T14:59:59.000Z',
  },
};

export const paidOrder: Order = {
  ...awaitingOrder,
  status: 'paid',
  payment: { ...redirectPayment, status: 'succeeded', nextStep: { kind: 'none' } },
  printReservation: { number: 'K7QH4M2P', validUntil: '2025-06-09T14:59:59.000Z' },
};
