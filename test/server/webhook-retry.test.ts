import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isPublicAddress } from '../../server/domain/network-safety.ts';
import { parseRetryAfter, retryDelayMs, RETRY_SCHEDULE_MS } from '../../server/domain/webhook-retry.ts';
import { newWebhookSecret, signedWebhookHeaders, verifyWebhook } from '../../server/domain/webhook-signature.ts';

describe('retry schedule', () => {
  it('sends the first attempt at once, retries after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, then gives up', () => {
    const middle = () => 0.5; // no jitter
    expect(RETRY_SCHEDULE_MS.map((_, attempt) => retryDelayMs(attempt, { random: middle }))).toEqual([
      0, 5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000,
    ]);
    expect(retryDelayMs(RETRY_SCHEDULE_MS.length)).toBeNull();
  });

  it('retries after the delays the README states', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8').replace(/\s+/g, ' ');
    const sentence = /is retried (immediately, then )?after ((?:\d+ (?:s|min|h)(?:, | and )?)+)/.exec(readme);
    expect(sentence, 'the README sentence on retries').not.toBeNull();
    const unitMs: Record<string, number> = { s: 1_000, min: 60_000, h: 3_600_000 };
    const listed = sentence![2]!
      .trim()
      .split(/, | and /)
      .map((delay) => Number(delay.split(' ')[0]) * unitMs[delay.split(' ')[1]!]!);
    const statedMs = [...(sentence![1] ? [0] : []), ...listed];
    const retriesMs: number[] = [];
    for (let attemptsMade = 1; retryDelayMs(attemptsMade) !== null; attemptsMade++) retriesMs.push(retryDelayMs(attemptsMade, { random: () => 0.5 })!);
    expect(retriesMs).toEqual(statedMs);
    expect(retryDelayMs(0, { random: () => 0.5 })).toBe(0);
  });

  it('jitters each delay within ±10 %', () => {
    expect(retryDelayMs(2, { random: () => 0 })).toBe(270_000);
    expect(retryDelayMs(2, { random: () => 1 })).toBe(330_000);
  });

  it('honours a longer Retry-After, capped at a day', () => {
    expect(retryDelayMs(1, { retryAfterSeconds: 120, random: () => 0.5 })).toBe(120_000);
    expect(retryDelayMs(4, { retryAfterSeconds: 120, random: () => 0.5 })).toBe(7_200_000);
    expect(retryDelayMs(1, { retryAfterSeconds: 10 ** 9, random: () => 0.5 })).toBe(86_400_000);
    const now = new Date('2026-04-17T10:00:00Z');
    expect(parseRetryAfter('30', now)).toBe(30);
    expect(parseRetryAfter('Fri, 17 Apr 2026 10:01:00 GMT', now)).toBe(60);
    expect(parseRetryAfter('soon', now)).toBeNull();
  });
});

describe('signatures', () => {
  const body = '{"id":"evt_1","type":"payment.received"}';
  const now = new Date('2026-04-17T10:00:00Z');
  const t = Math.floor(now.getTime() / 1000);

  it('verify with the secret, within the tolerance, in either direction of rotation', () => {
    const [oldSecret, newSecret] = [newWebhookSecret(), newWebhookSecret()];
    const headers = signedWebhookHeaders({ eventId: 'evt_1', timestamp: t, body, secrets: [newSecret, oldSecret] });
    expect(headers['x-webhook-signature']!.match(/v1=/g)).toHaveLength(2);
    expect(verifyWebhook({ secret: oldSecret, headers, rawBody: body, now })).toMatchObject({ ok: true, eventId: 'evt_1' });
    expect(verifyWebhook({ secret: newSecret, headers, rawBody: body, now }).ok).toBe(true);
    expect(verifyWebhook({ secret: newWebhookSecret(), headers, rawBody: body, now }).ok).toBe(false);
    expect(verifyWebhook({ secret: newSecret, headers, rawBody: body.replace('1', '2'), now }).ok).toBe(false);
    expect(verifyWebhook({ secret: newSecret, headers, rawBody: body, now: new Date(now.getTime() + 301_000) })).toEqual({
      ok: false,
      reason: 'Timestamp outside the tolerance.',
    });
  });
});

describe('network safety', () => {
  it.each(['127.0.0.1', '10.1.2.3', '172.16.0.9', '192.168.1.1', '169.254.169.254', '0.0.0.0', '::1', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1', '100.64.0.1'])(
    'refuses %s',
    (address) => expect(isPublicAddress(address)).toBe(false),
  );
  it.each([
    '::7f00:1', // ::127.0.0.1, IPv4-compatible
    '::ffff:7f00:1', // ::ffff:127.0.0.1 as a URL spells it
    '::ffff:0:7f00:1', // IPv4-translated
    '2002:7f00:1::', // 6to4
    '2002:a9fe:a9fe::', // 6to4 of the metadata address
    '2001:0:4136:e378:8000:63bf:80ff:fffe', // Teredo, client 127.0.0.1
    '64:ff9b::a00:1', // NAT64 of 10.0.0.1
    '64:ff9b:1::5db8:d822', // local-use NAT64
    '2001:db8::1', // documentation
    '::2',
    'fec0::1',
    '255.255.255.255',
    '198.18.0.1',
    'localhost',
  ])('refuses %s', (address) => expect(isPublicAddress(address)).toBe(false));
  it.each(['8.8.8.8', '1.1.1.1', '2606:4700:4700::1111', '::ffff:8.8.8.8', '2002:808:808::', '64:ff9b::808:808', '2001:0:4136:e378:8000:63bf:f7f7:f7f7'])(
    'allows %s',
    (address) => expect(isPublicAddress(address)).toBe(true),
  );
});
