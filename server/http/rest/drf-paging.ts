import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { restError, type RestEnv } from './rest-api.ts';

/**
 * Django REST framework's cursor pagination (seed 002 is a Django service): `next` / `previous`
 * are the URLs of the neighbouring pages, null at the ends; `?cursor=` and `?page_size=`.
 */
export const pageQuery = {
  cursor: z.string().max(64).optional().openapi({ description: 'From `next` or `previous` of the page before.' }),
  page_size: z.coerce.number().int().min(1).max(100).optional().openapi({ description: '1 to 100 (default 20).' }),
};

export const pageOf = <T extends z.ZodType>(item: T, name: string) =>
  z.object({ next: z.string().nullable(), previous: z.string().nullable(), results: z.array(item) }).openapi(name);

/** A cursor is `a.<id>` (older than) or `b.<id>` (newer than), base64url. */
function decodeCursor(cursor: string | undefined): { after?: string; before?: string } | null {
  if (cursor === undefined) return {};
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = /^([ab])\.([\w-]{1,40})$/.exec(text);
  if (!match) return null;
  return match[1] === 'a' ? { after: match[2] } : { before: match[2] };
}
const encodeCursor = (direction: 'a' | 'b', id: string) => Buffer.from(`${direction}.${id}`).toString('base64url');

/** Loads one page (one extra row says whether there is another) and links its neighbours. */
export async function page<T>(
  c: Context<RestEnv>,
  query: { cursor?: string; page_size?: number },
  load: (request: { after?: string; before?: string; limit: number; inverted: boolean }) => Promise<T[]>,
  cursorOf: (row: T) => string,
): Promise<{ next: string | null; previous: string | null; rows: T[] } | null> {
  const position = decodeCursor(query.cursor);
  if (!position) return null;
  const size = query.page_size ?? 20;
  const backwards = position.before !== undefined;
  const fetched = await load({ ...position, limit: size + 1, inverted: backwards });
  const more = fetched.length > size;
  const rows = fetched.slice(0, size);
  if (backwards) rows.reverse();
  const link = (cursor: string) => {
    const url = new URL(c.req.url);
    url.searchParams.set('cursor', cursor);
    return url.toString();
  };
  const first = rows[0];
  const last = rows.at(-1);
  const hasNext = backwards ? position.before !== undefined : more;
  const hasPrevious = backwards ? more : position.after !== undefined;
  return {
    next: hasNext && last ? link(encodeCursor('a', cursorOf(last))) : null,
    previous: hasPrevious && first ? link(encodeCursor('b', cursorOf(first))) : null,
    rows,
  };
}

export const badCursor = (c: Context<RestEnv>) => restError(c, 'router', 400, 'INVALID_CURSOR', 'cursor is not one this API returned.');
