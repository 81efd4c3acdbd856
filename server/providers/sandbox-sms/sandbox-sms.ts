import type { Clock } from '../../domain/clock.ts';
import type { SentSms, SmsProvider } from '../../modules/accounts/sms-port.ts';

export interface SandboxSms extends SmsProvider {
  /** Messages sent to `to` (all when omitted), newest first. */
  outbox(to?: string): SentSms[];
}

/** Keeps at most this many messages (oldest dropped), so a long-running dev server does not grow. */
const KEEP = 500;

/**
 * The development and test SMS gateway: sends nothing, keeps each message in this process's memory
 * (never in the database: a code at rest in plaintext is what the code table avoids), readable at
 * `GET /dashboard/api/dev/sms-outbox` and by tests.
 */
export function createSandboxSms(clock: Clock): SandboxSms {
  const messages: SentSms[] = [];
  return {
    name: 'sandbox',
    async send({ to, body }) {
      messages.unshift({ to, body, sentAt: clock.now().toISOString() });
      if (messages.length > KEEP) messages.length = KEEP;
    },
    outbox(to) {
      return messages.filter((message) => to === undefined || message.to === to).map((message) => ({ ...message }));
    },
  };
}
