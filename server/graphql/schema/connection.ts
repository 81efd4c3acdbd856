import { resolveCursorConnection, type ResolveCursorConnectionArgs } from '@pothos/plugin-relay';
import type { PageRequest } from '../../modules/pagination.ts';

/** Relay connections default to 20 items a page and never return more than 100. */
export const PAGE_SIZE = { defaultSize: 20, maxSize: 100 };

/** Resolves a Relay connection over a keyset-paged list whose cursor is the row's id. */
export function pageById<T extends { id: string }>(args: Parameters<typeof resolveCursorConnection>[0]['args'], load: (page: PageRequest) => Promise<T[]>) {
  return resolveCursorConnection({ args, toCursor: (row: T) => row.id, ...PAGE_SIZE }, (page: ResolveCursorConnectionArgs) => load(page));
}
