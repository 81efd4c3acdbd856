import { describe, expect, it } from 'vitest';
import { defineMachine } from '../../server/domain/state-machine.ts';

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
