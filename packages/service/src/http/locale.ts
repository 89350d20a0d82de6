import type { Locale } from '@shomei/core';

/**
 * The tenant locale an Accept-Language header prefers: exact tags first (`zh-Hans`), then the
 * primary language (`ja-JP` → `ja`, `zh-CN` → `zh-Hans`), in the header's q order.
 */
export function negotiateLocale(
  header: string | null,
  available: readonly Locale[],
): Locale | undefined {
  if (header === null || header.trim() === '') return undefined;
  const ranges = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { tag: tag.trim().toLowerCase(), q: q === undefined ? 1 : Number(q), index };
    })
    .filter((range) => range.tag !== '' && range.tag !== '*' && range.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const range of ranges) {
    const exact = available.find((locale) => locale.toLowerCase() === range.tag);
    if (exact) return exact;
    const primary = range.tag.split('-')[0];
    const byPrimary = available.find((locale) => locale.toLowerCase().split('-')[0] === primary);
    if (byPrimary) return byPrimary;
  }
  return undefined;
}
