/** The longest search a list takes; longer text is a mistake, not a search. */
export const MAX_SEARCH_LENGTH = 100;

export type SearchPattern = { ok: true; pattern: string | null } | { ok: false; message: string };

/**
 * A list's free-text search as an ILIKE "contains" pattern: blank means no search; `%`, `_` and `\`
 * are matched literally (a user typing "50%" means the characters); control characters (NUL breaks
 * PostgreSQL text) and overlong text are refused rather than silently trimmed.
 */
export function searchPattern(text: string | null | undefined): SearchPattern {
  const trimmed = (text ?? '').trim();
  if (!trimmed) return { ok: true, pattern: null };
  if (trimmed.length > MAX_SEARCH_LENGTH) return { ok: false, message: `A search is at most ${MAX_SEARCH_LENGTH} characters.` };
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(trimmed)) return { ok: false, message: 'A search cannot contain control characters.' };
  return { ok: true, pattern: `%${trimmed.replace(/[\\%_]/g, (c) => `\\${c}`)}%` };
}
