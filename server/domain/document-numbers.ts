/** `INV-2026-042`, `REC-2026-045`: per business, mode and year, at least three digits. */
export function documentNumber(prefix: string, year: number, sequence: number): string {
  return `${prefix}-${year}-${String(sequence).padStart(3, '0')}`;
}
