import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/**
 * Prefixed ids (`biz_…`, `key_…`) whose body starts with the creation time, so ordering by id
 * follows creation order and an id is a stable keyset cursor.
 */
export function newId(prefix: string, at: Date = new Date()): string {
  let time = at.getTime();
  let head = '';
  for (let i = 0; i < 10; i++) {
    head = ALPHABET[time % 32] + head;
    time = Math.floor(time / 32);
  }
  let tail = '';
  for (const byte of randomBytes(12)) tail += ALPHABET[byte % 32];
  return `${prefix}_${head}${tail}`;
}
