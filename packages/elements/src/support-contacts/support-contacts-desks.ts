/**
 * The contact desks of `<shomei-support-contacts>` (A17): the support office and the call
 * center with their hours, phone, email and chat link.
 */
import { msg } from '@lit/localize';
import { html, nothing, type TemplateResult } from 'lit';
import type { TenantInfo } from '@shomei/sdk';
import { safeHttpUrl, telHref } from '../internal/safe-url.js';
import { pickLocalized } from '../localization.js';

type ContactDesk = TenantInfo['contacts']['studentSupport'];

function desk(desk: ContactDesk, level: number, id: string, topic: string) {
  const chatUrl = safeHttpUrl(desk.chatUrl);
  return html`
    <section part="desk" aria-labelledby=${id}>
      <div role="heading" aria-level=${level} id=${id} class="desk-topic">${topic}</div>
      <p part="desk-name">${pickLocalized(desk.name)}</p>
      <dl>
        <dt>${msg('受付時間', { id: 'support-contacts.hours' })}</dt>
        <dd>${pickLocalized(desk.hours)}</dd>
        ${
          desk.phone === undefined
            ? nothing
            : html`<dt>${msg('電話', { id: 'support-contacts.phone' })}</dt>
                <dd><a href=${telHref(desk.phone)}>${desk.phone}</a></dd>`
        }
        ${
          desk.email === undefined
            ? nothing
            : html`<dt>${msg('メール', { id: 'support-contacts.email' })}</dt>
                <dd><a href=${`mailto:${desk.email}`}>${desk.email}</a></dd>`
        }
        ${
          chatUrl === undefined
            ? nothing
            : html`<dt>${msg('チャットサポート', { id: 'support-contacts.chat' })}</dt>
                <dd>
                  <a href=${chatUrl} target="_blank" rel="noopener noreferrer"
                    >${msg('チャットサポートを開く（新しいタブ）', {
                      id: 'support-contacts.chat-link',
                    })}</a
                  >
                </dd>`
        }
      </dl>
    </section>
  `;
}

/** Both desks, their headings one level below the element's (`headingLevel`). */
export function desks(tenant: TenantInfo, headingLevel: number): TemplateResult {
  const { studentSupport, callCenter } = tenant.contacts;
  return html`
    ${desk(
      studentSupport,
      headingLevel + 1,
      'student-support',
      msg('各種申請の内容や発行可否等に関するお問い合わせ', {
        id: 'support-contacts.student-support-topic',
      }),
    )}
    ${desk(
      callCenter,
      headingLevel + 1,
      'call-center',
      msg('支払方法やシステムの動作（ログインできない、メールが届かない等）に関するお問い合わせ', {
        id: 'support-contacts.call-center-topic',
      }),
    )}
  `;
}
