import type { z } from 'zod';
import { userError, type UserError } from '../domain/user-error.ts';

/**
 * Checks a mutation's input against its rules. Failures become userErrors naming the field; a rule
 * may carry its own code with `params: { code }`, otherwise the code is INVALID_INPUT.
 */
export function validateInput<T extends z.ZodType>(schema: T, input: unknown): { ok: true; data: z.output<T> } | { ok: false; userErrors: UserError[] } {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, data: result.data };
  return {
    ok: false,
    userErrors: result.error.issues.map((issue) => {
      const code = (issue as { params?: { code?: string } }).params?.code ?? 'INVALID_INPUT';
      return userError(code, issue.message, ['input', ...issue.path.map(String)]);
    }),
  };
}

/** A rule's own userError code and message, for `.refine(check, coded('INVALID_X', '…'))`. */
export const coded = (code: string, message: string) => ({ message, params: { code } });
