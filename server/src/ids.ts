/**
 * Time-sortable ids (ULID layout: 48-bit milliseconds + 80 random bits, Crockford base32, 26 chars), so
 * that lexicographic order is creation order and keyset paging by id is paging by time. Within one
 * millisecond the random part is incremented, keeping ids from one process strictly increasing.
 */
import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const ID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{26}$/;

let lastTime = -1;
let lastRandom = 0n;

function encode(value: bigint, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) {
    out = ALPHABET[Number(value & 31n)] + out;
    value >>= 5n;
  }
  return out;
}

export function newId(time = Date.now()): string {
  let random: bigint;
  if (time === lastTime) {
    random = (lastRandom + 1n) & ((1n << 80n) - 1n);
  } else {
    random = BigInt(`0x${randomBytes(10).toString('hex')}`);
  }
  // Only the newest time advances the monotonic state; back-dated ids (seeding) stay random.
  if (time >= lastTime) {
    lastTime = time;
    lastRandom = random;
  }
  return encode(BigInt(time), 10) + encode(random, 16);
}
