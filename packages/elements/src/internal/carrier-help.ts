/**
 * Carrier mail filters are the main reason the confirmation mail (A3, A11) never arrives: the
 * Japanese carriers' addresses refuse mail from unknown domains by default. For a carrier
 * address the login box shows that carrier's steps to allow the tenant's sender domain.
 */
import { msg, str } from '@lit/localize';

export type Carrier = 'docomo' | 'au' | 'softbank';

const CARRIER_DOMAINS: ReadonlyArray<readonly [string, Carrier]> = [
  ['docomo.ne.jp', 'docomo'],
  ['ezweb.ne.jp', 'au'],
  ['au.com', 'au'],
  ['softbank.ne.jp', 'softbank'],
  ['i.softbank.jp', 'softbank'],
];

/** The carrier of an address typed so far (`taro@docomo.ne.jp`), or null. */
export function carrierOf(address: string): Carrier | null {
  const at = address.lastIndexOf('@');
  if (at < 0) return null;
  const domain = address
    .slice(at + 1)
    .trim()
    .toLowerCase();
  for (const [carrierDomain, carrier] of CARRIER_DOMAINS) {
    // Subdomains count too (e.g. xx.ezweb.ne.jp).
    if (domain === carrierDomain || domain.endsWith(`.${carrierDomain}`)) return carrier;
  }
  return null;
}

/** The sender's domain (what carrier allow-lists take), from the tenant's sender address. */
export const senderDomain = (senderAddress: string): string =>
  senderAddress.slice(senderAddress.lastIndexOf('@') + 1);

export function carrierHeading(carrier: Carrier): string {
  switch (carrier) {
    case 'docomo':
      return msg('ドコモのメールアドレスをお使いの方へ', { id: 'login.carrier.docomo.heading' });
    case 'au':
      return msg('auのメールアドレスをお使いの方へ', { id: 'login.carrier.au.heading' });
    case 'softbank':
      return msg('ソフトバンクのメールアドレスをお使いの方へ', {
        id: 'login.carrier.softbank.heading',
      });
  }
}

/** The carrier's allow-list steps, short, naming the domain to allow. */
export function carrierSteps(carrier: Carrier, domain: string): string {
  switch (carrier) {
    case 'docomo':
      return msg(
        str`My docomoの「メール設定」→「迷惑メール対策」→「受信リスト設定」で、「${domain}」を受信するドメインに追加してください。`,
        { id: 'login.carrier.docomo.steps' },
      );
    case 'au':
      return msg(
        str`auの「メール設定」→「迷惑メールフィルター」→「受信リストに登録」で、「${domain}」を追加してください。`,
        { id: 'login.carrier.au.steps' },
      );
    case 'softbank':
      return msg(
        str`My SoftBankの「メール設定」→「迷惑メール対策」→「受信許可リスト設定」で、「${domain}」を追加してください。`,
        { id: 'login.carrier.softbank.steps' },
      );
  }
}
