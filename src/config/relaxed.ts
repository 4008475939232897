import { configKeys, knownPrefixes } from './keys.ts';
import type { ConfigKey } from './key-types.ts';

/**
 * Spring's relaxed binding, reduced to one rule: two names denote the same key when they are
 * equal after lower-casing and dropping `.`, `-` and `_`. So `SERVER_PORT`, `server.port` and
 * `flowable.autoDeployment.useLock` all find their key. Also the "did you mean" suggestion.
 */

export const normaliseName = (name: string): string => name.toLowerCase().replace(/[.\-_]/g, '');

/** The environment variable Spring would read for a key: `server.port` → `SERVER_PORT`. */
export const envNameOf = (key: string): string => key.toUpperCase().replace(/[.-]/g, '_');

export interface KeyMatch {
  readonly entry: ConfigKey;
  /** True when the name matched one of the key's aliases rather than the key itself. */
  readonly viaAlias: boolean;
}

const buildIndex = (): Map<string, KeyMatch> => {
  const index = new Map<string, KeyMatch>();
  const add = (name: string, match: KeyMatch): void => {
    const normal = normaliseName(name);
    const clash = index.get(normal);
    // A clash would make one key unreachable from the environment; fail at load, not in use.
    if (clash) throw new Error(`Configuration keys '${clash.entry.key}' and '${name}' normalise alike`);
    index.set(normal, match);
  };
  for (const entry of configKeys) {
    add(entry.key, { entry, viaAlias: false });
    for (const alias of entry.aliases ?? []) add(alias, { entry, viaAlias: true });
  }
  return index;
};

const index = buildIndex();

export const findKey = (name: string): KeyMatch | undefined => index.get(normaliseName(name));

/** Whether Weir reads this name: a strict prefix (unknown keys there are errors) or a known key elsewhere. */
export const hasKnownPrefix = (name: string): boolean => {
  const lower = name.toLowerCase();
  return knownPrefixes.some((prefix) => lower.startsWith(prefix)) || findKey(name) !== undefined;
};

const levenshtein = (a: string, b: string): number => {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length];
};

const allNames = configKeys.flatMap((entry) => [entry.key, ...(entry.aliases ?? [])]);

/**
 * The known name nearest to `name`, in environment form when `asEnv`: among keys with the same
 * first segment (`weir`, `flowable`, ...) when there are any, a key the name is the start of
 * (`WEIR_HEARTBEAT` → `WEIR_HEARTBEAT_INTERVAL`), else the least Levenshtein distance.
 * Ties go to registry order.
 */
export const nearestKey = (name: string, asEnv = false): string => {
  const target = asEnv ? name.toUpperCase() : name.toLowerCase();
  const all = asEnv ? allNames.map(envNameOf) : allNames;
  const firstSegment = (text: string): string => text.split(/[._]/)[0];
  const sameSegment = all.filter((candidate) => firstSegment(candidate) === firstSegment(target));
  const candidates = sameSegment.length > 0 ? sameSegment : all;
  const completions = candidates.filter((candidate) => candidate.startsWith(target));
  if (completions.length > 0) {
    return completions.reduce((best, candidate) => (candidate.length < best.length ? candidate : best));
  }
  let best = candidates[0];
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = levenshtein(target, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
};
