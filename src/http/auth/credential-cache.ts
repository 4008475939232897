/**
 * Verified credentials, remembered briefly so that a client sending Basic auth on every
 * request does not pay scrypt (tens of milliseconds of CPU and 32 MiB) each time: without it
 * a node would top out at a few dozen authenticated requests per second per core, and a
 * flood of requests would be an easy denial of service.
 *
 * Entries are keyed by an HMAC of user id and password under a key made at process start, so
 * the cache never holds a password or anything a stolen heap dump could reverse offline.
 * A changed password or a deleted user is forgotten at once on the node that made the change
 * (`forgetUser`); other nodes stop accepting the old credentials when the entry expires.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { Principal } from '../../engine/authorization.ts';

/** How long a verified credential is trusted: the delay before a change on another node takes effect. */
const CREDENTIAL_TTL_MS = 30_000;
/** Bounds memory under a spray of distinct (wrong) credentials: those are never cached, but be safe. */
const MAX_ENTRIES = 10_000;

export type { Principal } from '../../engine/authorization.ts';

export class CredentialCache {
  readonly #secret = randomBytes(32);
  readonly #entries = new Map<string, { principal: Principal; expiresAt: number }>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  #key(userId: string, password: string): string {
    return createHmac('sha256', this.#secret).update(userId).update('\0').update(password).digest('base64');
  }

  get(userId: string, password: string): Principal | undefined {
    const key = this.#key(userId, password);
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.#now()) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.principal;
  }

  put(password: string, principal: Principal): void {
    if (this.#entries.size >= MAX_ENTRIES) this.#entries.clear();
    this.#entries.set(this.#key(principal.userId, password), {
      principal,
      expiresAt: this.#now() + CREDENTIAL_TTL_MS,
    });
  }

  /** After a change to a user (password, groups, privileges, deletion). */
  forgetUser(userId: string): void {
    for (const [key, entry] of this.#entries)
      if (entry.principal.userId === userId) this.#entries.delete(key);
  }

  /** After a change to a group's members or privileges: every principal may be affected. */
  clear(): void {
    this.#entries.clear();
  }
}
