/**
 * A business-rule failure, returned as data in a mutation payload (HTTP 200). `Code` is its payload
 * family's codes (a `*_ERROR_CODES` tuple), so a service cannot answer a code its GraphQL enum lacks.
 */
export interface UserError<Code extends string = string> {
  code: Code;
  field?: string[];
  message: string;
}

/** What a mutation's service returns: its results, or the reasons (of its family's codes) it wrote nothing. */
export type Payload<T, Code extends string> = Partial<T> & { userErrors: UserError<Code>[] };

export function userError<const Code extends string>(code: Code, message: string, field?: string[]): UserError<Code> {
  return field ? { code, message, field } : { code, message };
}

/** A payload with nothing but its reasons; it fits any `Payload<T, Code>` of their family. */
export function rejected<Code extends string>(...userErrors: UserError<Code>[]): { userErrors: UserError<Code>[] } {
  return { userErrors };
}

/**
 * Codes any mutation may answer: INVALID_TEXT from the text guard (graphql/text-guard.ts), which
 * refuses unstorable text before a resolver runs, and INVALID_INPUT, a rule with no code of its own
 * (modules/validation.ts).
 */
export const COMMON_ERROR_CODES = ['INVALID_INPUT', 'INVALID_TEXT'] as const;

/** A payload family's codes: the common ones and its own, one tuple for its types and its GraphQL enum. */
export function errorCodes<const T extends readonly string[]>(...codes: T): readonly [...typeof COMMON_ERROR_CODES, ...T] {
  const all = [...COMMON_ERROR_CODES, ...codes] as const;
  if (new Set(all).size !== all.length) throw new Error(`error codes listed twice: ${all.join(', ')}`);
  return all;
}
