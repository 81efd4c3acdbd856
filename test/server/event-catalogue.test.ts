import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EVENT_CATALOGUE, eventDrift } from '../../server/modules/outbox/event-catalogue.ts';
import { renderEventCatalogue } from '../../server/modules/outbox/print-event-catalogue.ts';

const root = new URL('../../', import.meta.url).pathname;
const sources = readdirSync(join(root, 'server/modules'), { recursive: true })
  .map(String)
  .filter((file) => file.endsWith('.ts'))
  .map((file) => ({ file, text: readFileSync(join(root, 'server/modules', file), 'utf8') }))
  .filter(({ file }) => !file.startsWith('outbox/'));
/** Files that write merchant events: the outbox entity, or the helpers that write through it. */
const writers = sources.filter(({ text }) => /\bOutboxEvent\b|\boutbox_event\b|\bwriteTenantEvents\b|\bexpireByStatus\b/.test(text));
// Literals of that shape that are no event (a column in SQL text).
const NOT_EVENTS = new Set(['settlement_line.journal_line_id']);
const EVENT_TYPE = /['`]((?:[a-z]+_)*[a-z]{3,}\.[a-z]+(?:_[a-z]+)*)['`]/g;

describe('the event catalogue', () => {
  it('has an entry for every event type the code emits, and none it does not', () => {
    const emitted = new Set(writers.flatMap(({ text }) => [...text.matchAll(EVENT_TYPE)].map((match) => match[1]!).filter((type) => !NOT_EVENTS.has(type))));
    // A type built from a status (`settlement.${status}`): each of the family's catalogue entries counts as emitted.
    const families = new Set(writers.flatMap(({ text }) => [...text.matchAll(/`([a-z_]+)\.\$\{/g)].map((match) => match[1]!)));
    const catalogued = new Set(EVENT_CATALOGUE.map((entry) => entry.type));
    for (const family of families) {
      expect([...catalogued].some((type) => type.startsWith(`${family}.`))).toBe(true);
      for (const type of catalogued) if (type.startsWith(`${family}.`)) emitted.add(type);
    }
    expect(writers.length).toBeGreaterThan(5);
    expect([...emitted].filter((type) => !catalogued.has(type)).sort()).toEqual([]);
    expect([...catalogued].filter((type) => !emitted.has(type)).sort()).toEqual([]);
    expect(catalogued.size).toBe(EVENT_CATALOGUE.length);
  });

  it('is what docs/events.md says (npm run docs:events)', () => {
    expect(readFileSync(join(root, 'docs/events.md'), 'utf8')).toBe(renderEventCatalogue());
  });

  it('tells a drifted payload from a matching one', () => {
    const example = EVENT_CATALOGUE.find((entry) => entry.type === 'payment.received')!.example;
    expect(eventDrift('payment.received', { ...example, receiptNumber: null, metadata: { anything: [1] } })).toEqual([]);
    const { appliedMinor: _, ...withoutApplied } = example;
    expect(eventDrift('payment.received', { ...withoutApplied, amountMinor: '150000', extra: true })).toEqual([
      'payment.received: extra: sent, but not in the example',
      'payment.received: appliedMinor: in the example, but not sent',
      'payment.received: amountMinor: string where the example has number',
    ]);
    expect(eventDrift('payment.refunded', {})).toEqual([
      'payment.refunded: emitted, but not in the event catalogue (server/modules/outbox/event-catalogue.ts)',
    ]);
    const shares = EVENT_CATALOGUE.find((entry) => entry.type === 'bill.payment_received')!.example;
    expect(eventDrift('bill.payment_received', { ...shares, shares: [{ entityId: 'A', amountMinor: '1' }] })).toEqual([
      'bill.payment_received: shares[0].amountMinor: string where the example has number',
    ]);
  });

  it('keeps every example within its own rules (each entry matches itself, optional fields are optional)', () => {
    for (const entry of EVENT_CATALOGUE) {
      expect(eventDrift(entry.type, entry.example)).toEqual([]);
      const trimmed = Object.fromEntries(Object.entries(entry.example).filter(([key]) => !entry.optional?.includes(key)));
      expect(eventDrift(entry.type, trimmed)).toEqual([]);
    }
  });
});
