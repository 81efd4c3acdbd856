/** A business-rule failure, returned as data in a mutation payload (HTTP 200). */
export interface UserError {
  code: string;
  field?: string[];
  message: string;
}

/** What a mutation's service returns: its results, or the reasons it wrote nothing. */
export type Payload<T> = Partial<T> & { userErrors: UserError[] };

export function userError(code: string, message: string, field?: string[]): UserError {
  return field ? { code, message, field } : { code, message };
}

/** A payload with nothing but its reasons; it fits any `Payload<T>`. */
export function rejected(...userErrors: UserError[]): { userErrors: UserError[] } {
  return { userErrors };
}
