import type { Locale, TenantSettings } from '@shomei/core';
import { describe, expect, it } from 'vitest';
import { demoTenantSettings } from '../demo/tenant.js';
import { MAIL_KINDS, type MailKind } from './mailer.js';
import { renderMail, type MailData } from './templates.js';

const tenant = demoTenantSettings({ now: new Date('2026-04-01T00:00:00Z') });

/** A desk without phone or e-mail, so the contact lines' optional parts are pinned too. */
const bareTenant: TenantSettings = {
  ...tenant,
  contacts: {
    ...tenant.contacts,
    studentSupport: {
      name: tenant.contacts.studentSupport.name,
      hours: tenant.contacts.studentSupport.hours,
    },
  },
};

const SAMPLES: { [K in MailKind]: Extract<MailData, { kind: K }> } = {
  'email-registration': {
    kind: 'email-registration',
    link: 'https://www.shomei-u.example/login#register=abc',
    ttlMinutes: 30,
  },
  'auth-key': { kind: 'auth-key', authKey: '123456', expiresAt: '2026-04-01T03:10:00Z' },
  'second-password-reset': {
    kind: 'second-password-reset',
    link: 'https://www.shomei-u.example/login#reset=def',
    ttlMinutes: 60,
  },
  'email-change': {
    kind: 'email-change',
    link: 'https://www.shomei-u.example/login#change=ghi',
    ttlMinutes: 30,
  },
  'email-changed-notice': {
    kind: 'email-changed-notice',
    newEmail: 'new@example.com',
    changedAt: '2026-04-01T05:00:00Z',
  },
  'second-password-changed-notice': {
    kind: 'second-password-changed-notice',
    changedAt: '2026-04-01T05:00:00Z',
  },
  'two-factor-disabled-notice': {
    kind: 'two-factor-disabled-notice',
    changedAt: '2026-04-01T05:00:00Z',
  },
  'email-change-requested-notice': {
    kind: 'email-change-requested-notice',
    newEmail: 'n***@example.com',
    requestedAt: '2026-04-01T05:00:00Z',
  },
  'passkey-added-notice': {
    kind: 'passkey-added-notice',
    name: 'My phone',
    changedAt: '2026-04-01T05:00:00Z',
  },
  'passkey-removed-notice': {
    kind: 'passkey-removed-notice',
    name: 'My phone',
    changedAt: '2026-04-01T05:00:00Z',
  },
  'order-completed': { kind: 'order-completed', orderId: 'R-2026-0001' },
};

const LOCALES: readonly Locale[] = ['ja', 'en'];

describe('renderMail', () => {
  for (const kind of MAIL_KINDS) {
    for (const locale of LOCALES) {
      it(`${kind} in ${locale} reads as it always has`, () => {
        const mail = renderMail(SAMPLES[kind], tenant, locale);
        expect(mail.kind).toBe(kind);
        expect({ subject: mail.subject, text: mail.text, html: mail.html }).toMatchSnapshot();
      });
    }
  }

  it('leaves out the desk phone and e-mail where the tenant has none', () => {
    for (const locale of LOCALES) {
      const mail = renderMail(SAMPLES['email-changed-notice'], bareTenant, locale);
      expect(mail.text).toMatchSnapshot();
    }
  });

  it('writes other locales in English', () => {
    for (const kind of MAIL_KINDS) {
      expect(renderMail(SAMPLES[kind], tenant, 'ko')).toEqual(
        renderMail(SAMPLES[kind], tenant, 'en'),
      );
    }
  });
});
