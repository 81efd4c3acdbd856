import type { z } from 'zod';
import { userError, type UserError } from '../domain/user-error.ts';

/**
 * Checks a mutation's input against its rules. Failures become userErrors naming the field; a rule
 * may carry its own code with `params: { code }`, otherwise the code is INVALID_INPUT. `codes` is
 * the payload family's tuple: zod does not type `params`, so a rule's code outside it is a bug,
 * thrown here rather than answered as a value the GraphQL enum cannot serialize.
 */
export function validateInput<T extends z.ZodType, C extends string>(
  schema: T,
  input: unknown,
  codes: readonly C[],
): { ok: true; data: z.output<T> } | { ok: false; userErrors: UserError<C | 'INVALID_INPUT'>[] } {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, data: result.data };
  return {
    ok: false,
    userErrors: result.error.issues.map((issue) => {
      const code = (issue as { params?: { code?: string } }).params?.code ?? 'INVALID_INPUT';
      if (code !== 'INVALID_INPUT' && !(codes as readonly string[]).includes(code)) throw new Error(`${code} is not among this payload's codes`);
      return userError(code as C | 'INVALID_INPUT', issue.message, ['input', ...issue.path.map(String)]);
    }),
  };
}

/**
 * A family's `coded`: a rule's own userError code and message, for `.refine(check, coded('INVALID_X', '…'))`;
 * a code outside the family fails typecheck.
 */
export const codedFor =
  <C extends string>(_codes: readonly C[]) =>
  (code: C, message: string) => ({ message, params: { code } });
