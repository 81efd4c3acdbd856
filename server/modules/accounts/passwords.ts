import { hash, verify } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';
import { passwordProblem, type PasswordProblem } from '../../domain/accounts.ts';

// The common-password list of zxcvbn-ts (maintained, ~49k entries from breach corpora), lowercased.
const COMMON = new Set((dictionary['passwords-common'] as string[]).map((word) => word.toLowerCase()));

/** argon2id (the library's default) with OWASP's minimum: 19 MiB, 2 passes, 1 lane. */
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export const hashPassword = (password: string) => hash(password, OPTIONS);

export async function passwordMatches(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A hash of nothing anyone knows: unknown emails cost the same time as wrong passwords. */
const DUMMY_HASH = hash('not a password of anyone', OPTIONS);
export async function burnPasswordCheck(password: string): Promise<void> {
  await passwordMatches(await DUMMY_HASH, password);
}

export function newPasswordProblem(password: string): PasswordProblem | null {
  return passwordProblem(password, (lowercased) => COMMON.has(lowercased));
}
