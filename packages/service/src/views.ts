/** Records as the contract shows them. */
import {
  DESTINATIONS,
  ITEM_KINDS,
  LINK_TTL_MINUTES,
  passkeyMode,
  twoFactorEnabled,
  type CatalogEntry,
  type Locale,
  type TenantSettings,
} from '@shomei/core';
import type {
  ContractCatalogEntry,
  ContractOrder,
  ContractPayment,
  SessionView,
  TenantInfo,
} from './contract.js';
import type { AccountRecord, OrderRecord, PaymentRecord, SessionRecord } from './store/store.js';

export function tenantInfo(settings: TenantSettings): TenantInfo {
  return {
    tenantId: settings.tenantId,
    name: settings.name,
    ...(settings.logoUrl === undefined ? {} : { logoUrl: settings.logoUrl }),
    officeName: settings.officeName ?? settings.contacts.studentSupport.name,
    loginNotices: [...(settings.loginNotices ?? [])],
    senderAddress: settings.senderAddress,
    ...(settings.manualUrl === undefined ? {} : { manualUrl: settings.manualUrl }),
    ...(settings.homepageUrl === undefined ? {} : { homepageUrl: settings.homepageUrl }),
    contacts: {
      studentSupport: settings.contacts.studentSupport,
      callCenter: settings.contacts.callCenter,
    },
    accessRules: settings.accessRules.map((rule) => ({
      group: rule.group,
      access: rule.access,
      notice: rule.notice,
    })),
    twoFactor: { ...settings.twoFactor },
    passkeys: { mode: passkeyMode(settings) },
    linkTtlMinutes: LINK_TTL_MINUTES,
    idleTimeoutSeconds: settings.idleTimeoutSeconds,
    idleWarningSeconds: settings.idleWarningSeconds,
    locales: [...settings.locales],
    defaultLocale: settings.defaultLocale,
    paymentMethods: [...settings.paymentMethods],
    destinations: destinationOffers(settings),
  };
}

/** O1, O2: per destination, the kinds of item and the editions its catalog holds. */
function destinationOffers(settings: TenantSettings): TenantInfo['destinations'] {
  return DESTINATIONS.flatMap((destination) => {
    const items = settings.catalog.filter((item) => item.destinations.includes(destination));
    if (items.length === 0) return [];
    const editions = (['ja', 'en'] as const).filter((edition) =>
      items.some((item) => item.kind === 'certificate' && item.edition === edition),
    );
    const kinds = ITEM_KINDS.filter((kind) => items.some((item) => item.kind === kind));
    return [{ destination, kinds, editions }];
  });
}

/** `t***@example.ac.jp`: enough for the student to recognise, little for anyone else. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${email.slice(0, 1)}***${email.slice(at)}`;
}

/** A14: the session's choice, then the account's, the directory's, the browser's, the tenant's. */
export function displayLocale(
  settings: TenantSettings,
  session: SessionRecord | null,
  account: AccountRecord | null,
  requestLocale: Locale | undefined,
): Locale {
  return (
    session?.locale ??
    account?.locale ??
    session?.student?.preferredLocale ??
    requestLocale ??
    settings.defaultLocale
  );
}

/** A5, unless a second password exists already (set in another tab): then log in again. */
function secondPasswordSetupView(account: AccountRecord, userId: string): SessionView {
  return account.secondPasswordHash === null
    ? { step: 'second-password-setup', userId }
    : { step: 'anonymous' };
}

export function sessionView(
  settings: TenantSettings,
  session: SessionRecord | null,
  account: AccountRecord | null,
  requestLocale: Locale | undefined,
): SessionView {
  if (session === null || session.userId === null || account === null) return { step: 'anonymous' };
  const userId = session.userId;
  switch (session.step) {
    case 'anonymous':
      return { step: 'anonymous' };
    case 'email-registration':
      return { step: 'email-registration', userId };
    case 'email-registration-sent':
      // A4 may have happened in another tab: the journey then continues with A5, unless A5 was
      // done there too; then this half-way session can only start over with all three factors.
      if (account.emailVerified) return secondPasswordSetupView(account, userId);
      return {
        step: 'email-registration-sent',
        userId,
        email: session.pendingEmail ?? '',
        linkExpiresAt: session.linkExpiresAt ?? session.idleExpiresAt,
      };
    case 'second-password-setup':
      return secondPasswordSetupView(account, userId);
    case 'auth-key':
      return {
        step: 'auth-key',
        userId,
        maskedEmail: maskEmail(account.email ?? ''),
        keyExpiresAt: session.keyExpiresAt ?? session.idleExpiresAt,
      };
    case 'authenticated': {
      const student = session.student;
      if (student === null) return { step: 'anonymous' };
      return {
        step: 'authenticated',
        student: {
          userId: student.userId,
          name: student.name,
          group: student.group,
          department: student.department,
          year: student.year,
        },
        email: account.email ?? '',
        // A10, A15: the tenant's mode decides first (the core's rule).
        twoFactorEnabled: twoFactorEnabled(settings.twoFactor.mode, account.twoFactorEnabled),
        locale: displayLocale(settings, session, account, requestLocale),
        idleExpiresAt: session.idleExpiresAt,
      };
    }
  }
}

export function catalogEntryView(entry: CatalogEntry): ContractCatalogEntry {
  const { item } = entry;
  return {
    itemId: item.itemId,
    kind: item.kind,
    name: item.name,
    ...(item.edition === undefined ? {} : { edition: item.edition }),
    unitPrice: item.unitPrice,
    maxQuantity: item.maxQuantity,
    eligible: entry.eligible,
    ...(entry.reason === undefined ? {} : { reason: entry.reason }),
    ...(entry.window === undefined
      ? {}
      : { window: { from: entry.window.from, to: entry.window.to } }),
  };
}

export function paymentView(payment: PaymentRecord): ContractPayment {
  return {
    paymentId: payment.paymentId,
    orderId: payment.orderId,
    method: payment.method,
    status: payment.status,
    amount: payment.amount,
    createdAt: payment.createdAt,
    // Only a pending payment has something left to do (O7).
    nextStep: payment.status === 'pending' ? payment.nextStep : { kind: 'none' },
  };
}

export function orderView(order: OrderRecord, latestPayment: PaymentRecord | null): ContractOrder {
  return {
    orderId: order.orderId,
    createdAt: order.createdAt,
    destination: order.destination,
    lines: order.lines,
    total: order.total,
    delivery: order.delivery,
    pickupReadyAt: order.pickupReadyAt,
    status: order.status,
    payment: latestPayment === null ? null : paymentView(latestPayment),
    printReservation: order.printReservation,
    completedAt: order.completedAt,
  };
}
