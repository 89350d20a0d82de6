/**
 * X6: what the screens say about a tenant comes from its tenant view (`getTenant`), never from
 * the element: the office's name (学生支援課 at one university, 教務課 at another) and what a
 * destination does not offer (the demo's konbini machine prints no English certificate and
 * no fee item, because its catalog says so).
 */
import { msg } from '@lit/localize';
import type { Destination, TenantInfo } from '@shomei/sdk';
import { pickLocalized } from '../localization.js';

/** O4, O6: the office that processes orders and hands them over; generic until it is known. */
export function officeName(tenant: TenantInfo | undefined): string {
  return tenant === undefined
    ? msg('大学', { id: 'common.office.unknown' })
    : pickLocalized(tenant.officeName);
}

/**
 * O1, O2: what `destination` lacks that another destination of the tenant offers (English
 * certificates, fee items), as one sentence; undefined when it lacks nothing or the tenant is
 * not known yet.
 */
export function notOfferedAt(
  tenant: TenantInfo | undefined,
  destination: Destination,
): string | undefined {
  const offers = tenant?.destinations;
  if (offers === undefined) return undefined;
  const here = offers.find((offer) => offer.destination === destination);
  if (here === undefined) return undefined;
  const others = offers.filter((offer) => offer.destination !== destination);
  const noEnglish =
    !here.editions.includes('en') && others.some((offer) => offer.editions.includes('en'));
  const noFees = !here.kinds.includes('fee') && others.some((offer) => offer.kinds.includes('fee'));
  if (noEnglish && noFees)
    return msg('英文の証明書と各種料金は選択できません。', {
      id: 'order.destination.no-english-no-fees',
    });
  if (noEnglish)
    return msg('英文の証明書は選択できません。', { id: 'order.destination.no-english' });
  if (noFees) return msg('各種料金は選択できません。', { id: 'order.destination.no-fees' });
  return undefined;
}
