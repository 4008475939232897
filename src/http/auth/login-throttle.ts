/**
 * Throttling of repeated failed logins, per user id and per client address, so that HTTP
 * Basic auth cannot be used to guess passwords at the speed of scrypt. Each key counts its
 * failures in a fixed window (`weir.login.failure-window`); a key at its maximum gets 429
 * with `Retry-After` until the window ends, without the password being checked at all.
 *
 * Other users are not slowed: the check is two map look-ups, and only the throttled user id
 * or address is refused. A user whose credentials this node verified recently (the credential
 * cache) still gets in while their id is throttled, so an attacker failing on purpose cannot
 * lock out a user who is already working.
 *
 * The state is in memory, per node: behind a load balancer an attacker spreading tries over
 * N nodes gets N times the budget, which still turns millions of guesses into thousands. Each
 * map is bounded; when full, the oldest windows are dropped first.
 */
import type { BlockList } from 'node:net';
import type { FastifyRequest } from 'fastify';
import { isTrusted } from '../rest/urls.ts';

/** 10,000 keys of ~100 bytes each: about a megabyte per map, whatever an attacker sends. */
const MAX_KEYS = 10_000;

/** A user id is whatever the client sent, up to the header limit: keep keys small. */
const keyOf = (userId: string): string => userId.slice(0, 256);

interface Window {
  readonly startedAt: number;
  failures: number;
}

class FailureCounter {
  readonly #windows = new Map<string, Window>();
  readonly #max: number;
  readonly #windowMs: number;
  readonly #now: () => number;

  constructor(max: number, windowMs: number, now: () => number) {
    this.#max = max;
    this.#windowMs = windowMs;
    this.#now = now;
  }

  #current(key: string): Window | undefined {
    const window = this.#windows.get(key);
    if (window && window.startedAt + this.#windowMs <= this.#now()) {
      this.#windows.delete(key);
      return undefined;
    }
    return window;
  }

  /** Milliseconds until the key may try again, or 0. */
  blockedFor(key: string): number {
    const window = this.#current(key);
    if (!window || window.failures < this.#max) return 0;
    return window.startedAt + this.#windowMs - this.#now();
  }

  fail(key: string): void {
    const window = this.#current(key);
    if (window) {
      window.failures++;
      return;
    }
    // Map keeps insertion order: the first keys are the oldest windows
    while (this.#windows.size >= MAX_KEYS) this.#windows.delete(this.#windows.keys().next().value!);
    this.#windows.set(key, { startedAt: this.#now(), failures: 1 });
  }

  forget(key: string): void {
    this.#windows.delete(key);
  }
}

export interface LoginThrottleSettings {
  readonly maxFailuresPerUser: number;
  readonly maxFailuresPerAddress: number;
  readonly windowMs: number;
  readonly trustedProxies: BlockList;
}

export class LoginThrottle {
  readonly #users: FailureCounter;
  readonly #addresses: FailureCounter;
  readonly #trusted: BlockList;

  constructor(settings: LoginThrottleSettings, now: () => number = Date.now) {
    this.#users = new FailureCounter(settings.maxFailuresPerUser, settings.windowMs, now);
    this.#addresses = new FailureCounter(settings.maxFailuresPerAddress, settings.windowMs, now);
    this.#trusted = settings.trustedProxies;
  }

  /**
   * The client's address: the TCP peer, or behind a trusted proxy the nearest address in
   * `X-Forwarded-For` that is not itself a trusted proxy (the ones further left are the
   * client's own claims and could be anything).
   */
  addressOf(request: FastifyRequest): string {
    let address = request.socket?.remoteAddress ?? 'unknown';
    const forwarded = request.headers['x-forwarded-for'];
    if (!isTrusted(this.#trusted, address) || !forwarded) return address;
    const hops = (Array.isArray(forwarded) ? forwarded.join(',') : forwarded).split(',').map((h) => h.trim());
    for (let i = hops.length - 1; i >= 0 && isTrusted(this.#trusted, address); i--) {
      if (hops[i]) address = hops[i];
    }
    return address;
  }

  /** Seconds the client must wait before trying this user id from this address, or 0. */
  retryAfterSeconds(userId: string, address: string): number {
    const ms = Math.max(this.#users.blockedFor(keyOf(userId)), this.#addresses.blockedFor(address));
    return ms > 0 ? Math.ceil(ms / 1000) : 0;
  }

  failed(userId: string, address: string): void {
    this.#users.fail(keyOf(userId));
    this.#addresses.fail(address);
  }

  succeeded(userId: string): void {
    this.#users.forget(keyOf(userId));
  }
}
