/**
 * What a student can order where (O2), how much it costs (O3), and who may order it when (O9).
 */
import { tokyoDate } from './business-days.js';
import type { Student } from './student.js';
import type { CatalogItem, DateWindow, TenantSettings } from './tenant.js';
import type { Destination } from './vocabulary.js';

export type IneligibleReason = 'year' | 'group' | 'outside-window';

export interface CatalogEntry {
  item: CatalogItem;
  eligible: boolean;
  reason?: IneligibleReason;
  /**
   * For items with windows: the window open today, else the next one, else the last one, so
   * the UI can say when the item is (or was) orderable (e.g. 学生駐車場使用料 in early June).
   */
  window?: DateWindow;
}

export type OrderLineProblemCode =
  | 'unknown-item'
  | 'not-for-destination'
  | 'ineligible'
  | 'outside-window'
  | 'quantity-out-of-range'
  | 'duplicate-item';

export interface OrderLineInput {
  readonly itemId: string;
  readonly quantity: number;
}

export interface PricedLine {
  itemId: string;
  quantity: number;
  /** Integer yen. */
  unitPrice: number;
  /** Integer yen. */
  subtotal: number;
}

export interface OrderProblem {
  /** null for problems of the order as a whole. */
  itemId: string | null;
  code: OrderLineProblemCode | 'empty-order';
}

export type PricedOrder =
  | { readonly ok: true; readonly lines: PricedLine[]; readonly total: number }
  | { readonly ok: false; readonly problems: OrderProblem[] };

interface CatalogContext {
  tenant: TenantSettings;
  student: Student;
  destination: Destination;
  now: Date;
}

function windowContains(window: DateWindow, date: string): boolean {
  // YYYY-MM-DD strings sort as dates.
  return window.from <= date && date <= window.to;
}

function relevantWindow(windows: readonly DateWindow[], today: string): DateWindow | undefined {
  const current = windows.find((window) => windowContains(window, today));
  if (current) return current;
  const upcoming = windows
    .filter((window) => window.from > today)
    .sort((a, b) => a.from.localeCompare(b.from))[0];
  if (upcoming) return upcoming;
  return [...windows].sort((a, b) => b.to.localeCompare(a.to))[0];
}

/**
 * Why `student` may not order `item` on `today`, or undefined when they may. Standing reasons
 * (group, year) come before the window, because waiting for the window does not cure them.
 */
export function ineligibleReason(
  item: CatalogItem,
  student: Student,
  today: string,
): IneligibleReason | undefined {
  if (item.groups !== undefined && !item.groups.includes(student.group)) return 'group';
  if (item.minYear !== undefined && student.year < item.minYear) return 'year';
  if (item.windows !== undefined && !item.windows.some((window) => windowContains(window, today))) {
    return 'outside-window';
  }
  return undefined;
}

function entryFor(item: CatalogItem, student: Student, today: string): CatalogEntry {
  const reason = ineligibleReason(item, student, today);
  const window = item.windows === undefined ? undefined : relevantWindow(item.windows, today);
  return {
    item,
    eligible: reason === undefined,
    ...(reason === undefined ? {} : { reason }),
    ...(window === undefined ? {} : { window }),
  };
}

/**
 * The catalog for one destination, in the tenant's order. Items that cannot be produced there
 * (a parking pass at a konbini) are left out; items the student may not order stay, with the
 * reason, so the student learns they exist and why they are greyed out.
 */
export function catalogFor(input: CatalogContext): CatalogEntry[] {
  const today = tokyoDate(input.now);
  return input.tenant.catalog
    .filter((item) => item.destinations.includes(input.destination))
    .map((item) => entryFor(item, input.student, today));
}

/** O3: a quantity one order may have of an item: a whole number from 1 to its limit. */
export function quantityInRange(quantity: number, maxQuantity: number): boolean {
  return Number.isInteger(quantity) && quantity >= 1 && quantity <= maxQuantity;
}

/** The problems of one line with a known item: eligibility first (O9), then the quantity (O3). */
function lineProblemCodes(
  reason: IneligibleReason | undefined,
  quantity: number,
  maxQuantity: number,
): OrderLineProblemCode[] {
  const codes: OrderLineProblemCode[] = [];
  if (reason === 'outside-window') codes.push('outside-window');
  else if (reason !== undefined) codes.push('ineligible');
  if (!quantityInRange(quantity, maxQuantity)) codes.push('quantity-out-of-range');
  return codes;
}

/** What `priceDraft` needs of a catalog entry: the contract's CatalogEntry has it. */
export interface DraftCatalogEntry {
  readonly itemId: string;
  /** Integer yen. */
  readonly unitPrice: number;
  readonly maxQuantity: number;
  readonly eligible: boolean;
  readonly reason?: IneligibleReason | undefined;
}

export interface PricedDraft<E extends DraftCatalogEntry> {
  /** The orderable lines, in catalog order, with their entry. */
  readonly lines: readonly (PricedLine & { readonly entry: E })[];
  /** O3: 合計 of the orderable lines, integer yen. */
  readonly total: number;
  /** What is wrong with what is entered, with the same codes as `priceOrder`. */
  readonly problems: readonly OrderProblem[];
}

/**
 * O3, O9: prices quantities entered against a catalog as the service sent it (the same rules as
 * `priceOrder`, which the service applies again on `createOrder`). A quantity of 0 means not
 * ordered and is never a problem; lines with problems are left out of `lines` and `total`.
 */
export function priceDraft<E extends DraftCatalogEntry>(
  entries: readonly E[],
  quantities: Readonly<Record<string, number>>,
): PricedDraft<E> {
  const problems: OrderProblem[] = [];
  for (const [itemId, quantity] of Object.entries(quantities)) {
    if (quantity === 0) continue;
    const entry = entries.find((candidate) => candidate.itemId === itemId);
    if (entry === undefined) {
      problems.push({ itemId, code: 'unknown-item' });
      continue;
    }
    for (const code of lineProblemCodes(
      entry.eligible ? undefined : (entry.reason ?? 'group'),
      quantity,
      entry.maxQuantity,
    )) {
      problems.push({ itemId, code });
    }
  }
  const lines = entries.flatMap((entry) => {
    const quantity = quantities[entry.itemId] ?? 0;
    return entry.eligible && quantityInRange(quantity, entry.maxQuantity)
      ? [
          {
            entry,
            itemId: entry.itemId,
            quantity,
            unitPrice: entry.unitPrice,
            subtotal: entry.unitPrice * quantity,
          },
        ]
      : [];
  });
  return { lines, total: lines.reduce((sum, line) => sum + line.subtotal, 0), problems };
}

/** Prices an order, or lists every problem in it so the form can mark them all at once. */
export function priceOrder(
  input: CatalogContext & { lines: readonly OrderLineInput[] },
): PricedOrder {
  if (input.lines.length === 0)
    return { ok: false, problems: [{ itemId: null, code: 'empty-order' }] };

  const today = tokyoDate(input.now);
  const problems: OrderProblem[] = [];
  const priced: PricedLine[] = [];
  const seen = new Set<string>();

  for (const line of input.lines) {
    const report = (code: OrderLineProblemCode): void => {
      problems.push({ itemId: line.itemId, code });
    };
    if (seen.has(line.itemId)) {
      report('duplicate-item');
      continue;
    }
    seen.add(line.itemId);

    const item = input.tenant.catalog.find((candidate) => candidate.itemId === line.itemId);
    if (item === undefined) {
      report('unknown-item');
      continue;
    }
    const before = problems.length;
    if (!item.destinations.includes(input.destination)) report('not-for-destination');
    for (const code of lineProblemCodes(
      ineligibleReason(item, input.student, today),
      line.quantity,
      item.maxQuantity,
    )) {
      report(code);
    }
    if (problems.length === before) {
      priced.push({
        itemId: item.itemId,
        quantity: line.quantity,
        unitPrice: item.unitPrice,
        subtotal: item.unitPrice * line.quantity,
      });
    }
  }

  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, lines: priced, total: priced.reduce((sum, line) => sum + line.subtotal, 0) };
}
