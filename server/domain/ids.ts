import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const TAIL_LENGTH = 12;

let lastTime = -1;
let lastTail: number[] = [];

/** The random tail, or within the same millisecond the previous tail plus one, so ids stay ordered. */
function nextTail(time: number): number[] {
  if (time <= lastTime) {
    const tail = [...lastTail];
    for (let i = tail.length - 1; i >= 0; i--) {
      if (tail[i]! < 31) {
        tail[i]! += 1;
        break;
      }
      tail[i] = 0;
    }
    lastTail = tail;
    return tail;
  }
  lastTime = time;
  lastTail = [...randomBytes(TAIL_LENGTH)].map((byte) => byte % 32);
  return lastTail;
}

/**
 * Prefixed ids (`biz_…`, `pay_…`) whose body starts with the creation time and increases within a
 * process, so ordering by id follows creation order and an id is a stable keyset cursor.
 */
export function newId(prefix: string, at: Date = new Date()): string {
  let time = at.getTime();
  const tail = nextTail(Math.max(time, lastTime));
  time = Math.max(time, lastTime);
  let head = '';
  for (let i = 0; i < 10; i++) {
    head = ALPHABET[time % 32] + head;
    time = Math.floor(time / 32);
  }
  return `${prefix}_${head}${tail.map((digit) => ALPHABET[digit]).join('')}`;
}

/** An unguessable token for a public URL (a receipt page): 192 random bits, URL-safe. */
export const newSecretToken = (): string => randomBytes(24).toString('base64url');
