/** `(?, ?, ?), (?, ?, ?)` and its flattened parameters, for a multi-row VALUES list. */
export function valuesList(rows: readonly (readonly unknown[])[]): { sql: string; params: unknown[] } {
  return {
    sql: rows.map((row) => `(${row.map(() => '?').join(', ')})`).join(', '),
    params: rows.flat(),
  };
}
