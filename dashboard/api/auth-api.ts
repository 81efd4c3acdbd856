import { AUTH_API } from './session.ts';

/** An answer of the dashboard's JSON API: the body on success, `{ error, detail, … }` otherwise. */
export type AuthAnswer<T> = { ok: true; status: number; body: T } | { ok: false; status: number; error: string; detail?: string; retryAfterSeconds?: number };

/**
 * A POST to `/dashboard/api/auth/<path>` with the session cookie and (once there is one) the CSRF
 * token; never throws for an HTTP error, so each page can put the code next to its field.
 */
export async function authPost<T = Record<string, unknown>>(path: string, body: unknown, csrfToken: string | undefined): Promise<AuthAnswer<T>> {
  let response: Response;
  try {
    response = await fetch(`${AUTH_API}/${path}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...(csrfToken ? { 'x-csrf-token': csrfToken } : {}) },
      body: JSON.stringify(body ?? {}),
    });
  } catch {
    return { ok: false, status: 0, error: 'NETWORK', detail: 'The dashboard could not be reached. Check your connection and try again.' };
  }
  const json = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (response.ok) return { ok: true, status: response.status, body: json as T };
  return {
    ok: false,
    status: response.status,
    error: typeof json.error === 'string' ? json.error : `HTTP_${response.status}`,
    detail: typeof json.detail === 'string' ? json.detail : undefined,
    retryAfterSeconds: typeof json.retryAfterSeconds === 'number' ? json.retryAfterSeconds : Number(response.headers.get('retry-after')) || undefined,
  };
}

/** What a person reads for an error code of the sign-in API. */
export function authErrorMessage(error: string, detail?: string, retryAfterSeconds?: number): string {
  const wait = retryAfterSeconds ? ` Try again in ${humanWait(retryAfterSeconds)}.` : '';
  switch (error) {
    case 'INVALID_CREDENTIALS':
      return 'That email and password do not match an account.';
    case 'ACCOUNT_LOCKED':
      return `Too many failed attempts: this account is locked for now.${wait || ' Try again later.'}`;
    case 'RATE_LIMITED':
      return `Too many attempts from here.${wait || ' Wait a minute and try again.'}`;
    case 'PASSWORD_TOO_SHORT':
      return 'Use at least 12 characters.';
    case 'PASSWORD_TOO_COMMON':
      return 'That password is on a list of common passwords. Choose another.';
    case 'PASSWORD_UNCHANGED':
      return 'Choose a password different from the temporary one.';
    case 'PHONE_INVALID':
      return 'Enter a mobile number in international format, e.g. +255787123456.';
    case 'CODE_INVALID':
      return 'That code is not right. Check the latest code and try again.';
    case 'CODE_EXPIRED':
      return 'That code has expired. Send a new one.';
    case 'CSRF_TOKEN_INVALID':
      return 'Your session changed in another tab. Reload the page and try again.';
    case 'NETWORK':
      return detail ?? 'The dashboard could not be reached.';
    default:
      return detail ?? `Something went wrong (${error}).`;
  }
}

/** "4 minutes", "30 seconds". */
export function humanWait(seconds: number): string {
  if (seconds >= 90) return `${Math.ceil(seconds / 60)} minutes`;
  if (seconds >= 60) return '1 minute';
  return `${Math.max(1, Math.round(seconds))} seconds`;
}
