/** What `GET /dashboard/api/auth/session` answers (see docs/dashboard.md once written). */
export type SignInStage = 'NONE' | 'CHANGE_PASSWORD' | 'ENROL_FACTOR' | 'VERIFY_FACTOR' | 'DONE';
export type Factor = 'SMS' | 'TOTP' | 'PASSKEY';
export type Role = 'OWNER' | 'DEVELOPER' | 'FINANCE' | 'READ_ONLY' | 'OPERATOR';

export interface SessionUser {
  id: string;
  email: string;
  role: Role;
  kind: 'MERCHANT' | 'OPERATOR';
  businessId?: string;
  businessName?: string;
  phoneHint?: string;
  /** A merchant user's role as API scopes (absent for an operator). */
  scopes?: string[];
}

export interface SessionState {
  signedIn: boolean;
  stage: SignInStage;
  csrfToken?: string;
  factors?: Factor[];
  user?: SessionUser;
}

export const AUTH_API = '/dashboard/api/auth';

export async function fetchSession(base = ''): Promise<SessionState> {
  const response = await fetch(`${base}${AUTH_API}/session`, { credentials: 'same-origin' });
  if (!response.ok) return { signedIn: false, stage: 'NONE' };
  return (await response.json()) as SessionState;
}
