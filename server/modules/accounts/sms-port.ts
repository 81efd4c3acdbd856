/** Who sends SMS codes. The sandbox keeps them in memory (providers/sandbox-sms/); a live gateway is a future adapter. */
export interface SmsProvider {
  readonly name: string;
  send(message: { to: string; body: string }): Promise<void>;
}

export interface SentSms {
  to: string;
  body: string;
  sentAt: string;
}
