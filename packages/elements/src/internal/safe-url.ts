/**
 * Tenant-supplied links are shown only when they are http(s): no `javascript:` from settings.
 * `base` resolves a relative one (a page's own attribute, e.g. `login-url="/login"`).
 */
export function safeHttpUrl(value: string | undefined, base?: string): string | undefined {
  if (value === undefined) return undefined;
  try {
    const url = new URL(value, base);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** `tel:` keeps digits and a leading `+` only. */
export const telHref = (phone: string): string => `tel:${phone.replace(/[^\d+]/gu, '')}`;
