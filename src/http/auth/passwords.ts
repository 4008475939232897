/**
 * Password hashing with scrypt (node:crypto; memory-hard, so guessing with GPUs is costly).
 * A hash is stored with its parameters, `scrypt$N$r$p$salt$key` (base64), so raising the cost
 * later leaves old hashes verifiable. Verification compares in constant time.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * N = 2^15 with r = 8 costs about 32 MiB and a few tens of milliseconds per hash: slow enough
 * that a stolen table is expensive to brute-force, fast enough for a login. The REST layer
 * does not pay it per request (see credential-cache.ts).
 */
const COST = 32768;
const BLOCK_SIZE = 8;
const PARALLELISM = 1;
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;
/** Node's default maxmem (32 MiB) is just below what N = 2^15, r = 8 needs. */
const MAX_MEMORY = 64 * 1024 * 1024;

const derive = (
  password: string,
  salt: Buffer,
  n: number,
  r: number,
  p: number,
  length: number,
): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    scrypt(password, salt, length, { N: n, r, p, maxmem: MAX_MEMORY }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });

export const hashPassword = async (password: string): Promise<string> => {
  const salt = randomBytes(SALT_LENGTH);
  const key = await derive(password, salt, COST, BLOCK_SIZE, PARALLELISM, KEY_LENGTH);
  return ['scrypt', COST, BLOCK_SIZE, PARALLELISM, salt.toString('base64'), key.toString('base64')].join('$');
};

export const verifyPassword = async (password: string, stored: string | null): Promise<boolean> => {
  const parts = stored?.split('$') ?? [];
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [n, r, p] = parts.slice(1, 4).map(Number);
  const salt = Buffer.from(parts[4], 'base64');
  const expected = Buffer.from(parts[5], 'base64');
  if (![n, r, p].every(Number.isInteger) || expected.length === 0) return false;
  const actual = await derive(password, salt, n, r, p, expected.length);
  return timingSafeEqual(actual, expected);
};

/** A password for a generated admin: 18 random bytes, URL-safe. */
export const randomPassword = (): string => randomBytes(18).toString('base64url');
