import { describe, expect, it } from 'vitest';
import { defineMachine, type Machine } from '../../server/domain/state-machine.ts';

const door = defineMachine('door', { OPEN: ['CLOSED'], CLOSED: ['OPEN', 'LOCKED'], LOCKED: ['CLOSED'], BROKEN: [] });

describe('defineMachine', () => {
  it('lists its statuses in table order and the final ones', () => {
    expect(door.statuses).toEqual(['OPEN', 'CLOSED', 'LOCKED', 'BROKEN']);
    expect(door.final).toEqual(['BROKEN']);
  });

  it('allows exactly the listed transitions', () => {
    expect(door.transition('CLOSED', 'LOCKED')).toEqual({ ok: true, status: 'LOCKED' });
    expect(door.can('OPEN', 'LOCKED')).toBe(false);
    expect(door.can('OPEN', 'OPEN')).toBe(false);
  });

  it('refuses anything else as INVALID_STATE naming the current status', () => {
    expect(door.transition('OPEN', 'LOCKED')).toEqual({ ok: false, code: 'INVALID_STATE', message: 'This door is open: it cannot become locked.' });
  });

  it('refuses a table that leads to an unknown status', () => {
    expect(() => defineMachine('bad', { A: ['B'] } as never)).toThrow(/unknown status/);
  });
});

describe("the product's machines", () => {
  it('let a checkout end once, and never come back', async () => {
    const { paymentLinkMachine } = await import('../../server/domain/payment-links.ts');
    const { tapToPayMachine } = await import('../../server/domain/tap-to-pay.ts');
    const { billMachine } = await import('../../server/domain/bills.ts');
    const { invoiceMachine } = await import('../../server/domain/payment-application.ts');
    expect(paymentLinkMachine.final).toEqual(['PAID', 'EXPIRED', 'CANCELED']);
    expect(tapToPayMachine.can('AWAITING_TAP', 'COMPLETED')).toBe(true);
    expect(billMachine.can('PENDING', 'COMPLETED')).toBe(false); // a regular bill is paid, a dynamic one completes
    expect(billMachine.can('ACTIVE', 'PAID')).toBe(false);
    expect(invoiceMachine.can('PARTIALLY_PAID', 'VOID')).toBe(false);
    for (const machine of [paymentLinkMachine, tapToPayMachine, billMachine, invoiceMachine] as Array<Machine<string>>) {
      for (const status of machine.final) for (const to of machine.statuses) expect(machine.can(status, to)).toBe(false);
    }
  });
});
