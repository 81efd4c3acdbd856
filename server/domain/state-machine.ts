/**
 * A status and the changes it may make, as one table: `{ ACTIVE: ['PAID', 'EXPIRED'], PAID: [] }`.
 * Every status change goes through `transition`, so a refused one is always the same answer
 * (`INVALID_STATE` naming the current status), and GraphQL enums come from `statuses`.
 */
export interface Machine<S extends string> {
  readonly name: string;
  readonly statuses: readonly S[];
  /** Statuses with no way out. */
  readonly final: readonly S[];
  can(from: S, to: S): boolean;
  transition(from: S, to: S): { ok: true; status: S } | { ok: false; code: 'INVALID_STATE'; message: string };
}

export function defineMachine<const T extends { readonly [From in keyof T]: readonly (keyof T & string)[] }>(
  name: string,
  table: T,
): Machine<keyof T & string> {
  type S = keyof T & string;
  const statuses = Object.keys(table) as S[];
  for (const from of statuses) {
    for (const to of table[from] as readonly S[]) if (!(to in table)) throw new Error(`${name}: ${from} → ${to} leads to an unknown status`);
  }
  const can = (from: S, to: S) => (table[from] as readonly S[] | undefined)?.includes(to) ?? false;
  return {
    name,
    statuses,
    final: statuses.filter((status) => (table[status] as readonly S[]).length === 0),
    can,
    transition: (from, to) =>
      can(from, to)
        ? { ok: true, status: to }
        : {
            ok: false,
            code: 'INVALID_STATE',
            message: `This ${name} is ${from.toLowerCase().replace(/_/g, ' ')}: it cannot become ${to.toLowerCase().replace(/_/g, ' ')}.`,
          },
  };
}
