/**
 * The secrets of a browser session. The cookie carries a random token; the database keeps its
 * SHA-256 only, so a copy of the table signs nobody in. The CSRF token is derived from the
 * session token (a keyed hash), so it needs no column, is the same on every node, and cannot
 * be computed from the stored hash: only a holder of the cookie's value can learn it, through
 * `GET /auth/session`, which a page on another origin cannot read.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** 32 random bytes: guessing one among a billion live sessions still takes ~2^226 tries. */
export const newSessionToken = (): string => randomBytes(32).toString('base64url');

export const hashOfToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export const csrfTokenOf = (token: string): string =>
  createHmac('sha256', token).update('weir-csrf').digest('base64url');

/** Constant-time comparison, so the time of a refusal says nothing about how much matched. */
export const sameSecret = (given: string, expected: string): boolean => {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
};
