// The dashboard's building blocks, for pages: import this once and use the elements and helpers.
import './copy-button.ts';
import './data-list.ts';
import './form-dialog.ts';
import './qr-code.ts';

export type { Column, ListState } from './data-list.ts';
export type { FormDialog, FormValues } from './form-dialog.ts';
export { ListPage, userErrorText, type ListFilter } from './list-page.ts';
export { formAmount, formatDateTime, formatMoney, minorToDecimal, parseMajorToMinor } from './money.ts';
export { CursorPager, type Connection } from './paging.ts';
export { baseStyles } from './styles.ts';
export { statusBadge } from './status-badge.ts';

/** What every Money field selects. */
export const MONEY = 'amountMinor currency';

export interface Money {
  amountMinor: number | bigint;
  currency: string;
}

/** A status enum's values as filter options, "All" first. */
export function statusOptions(values: readonly string[], all = 'All'): [string, string][] {
  return [['', all], ...values.map((v): [string, string] => [v, v.charAt(0) + v.slice(1).toLowerCase().replaceAll('_', ' ')])];
}
