/**
 * Text PostgreSQL can store: no NUL (a `text` value cannot hold U+0000) and no unpaired UTF-16
 * surrogate (it has no UTF-8 form, so it would be replaced or refused on the way in). Everything
 * else Unicode allows is text: emoji, right-to-left marks, combining characters.
 */
export function isStorableText(value: string): boolean {
  return !value.includes('\0') && value.isWellFormed();
}

export const UNSTORABLE_TEXT_MESSAGE = 'Text may not contain NUL characters or unpaired surrogates.';

/** The paths (from `value`) of every string inside it that is not storable text, keys included. */
export function unstorableTextPaths(value: unknown, path: Array<string | number> = []): Array<Array<string | number>> {
  if (typeof value === 'string') return isStorableText(value) ? [] : [path];
  if (Array.isArray(value)) return value.flatMap((item, index) => unstorableTextPaths(item, [...path, index]));
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    return Object.entries(value).flatMap(([key, item]) => (isStorableText(key) ? unstorableTextPaths(item, [...path, key]) : [[...path, key]]));
  }
  return [];
}
