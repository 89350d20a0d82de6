let next = 0;

/** A document-unique id for `for` / `aria-describedby` wiring inside one element. */
export const uniqueId = (prefix: string): string => `${prefix}-${(next += 1)}`;
