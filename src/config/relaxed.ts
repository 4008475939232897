import { noEffectKeys } from './flowable-keys.ts';
import type { NoEffectKey } from './flowable-keys.ts';
import { configKeys, knownPrefixes } from './keys.ts';
import type { ConfigKey } from './key-types.ts';
import { ID_PLACEHOLDER } from './oidc-keys.ts';

/**
 * Spring's relaxed binding, reduced to one rule: two names denote the same key when they are
 * equal after lower-casing and dropping `.`, `-` and `_`. So `SERVER_PORT`, `server.port` and
 * `flowable.autoDeployment.useLock` all find their key. Also the "did you mean" suggestion.
 */

const normaliseName = (name: string): string => name.toLowerCase().replace(/[.\-_]/g, '');

/** The environment variable Spring would read for a key: `server.port` → `SERVER_PORT`. */
export const envNameOf = (key: string): string => key.toUpperCase().replace(/[.-]/g, '_');

/** A key with `<id>` in it: `spring.security.oauth2.client.registration.<id>.client-id`. */
export const isTemplate = (entry: ConfigKey): boolean => entry.key.includes(ID_PLACEHOLDER);

export interface KeyMatch {
  /** For a key with `<id>` (see oidc-keys.ts), a copy whose `key` names the id given. */
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
    if (isTemplate(entry)) continue;
    add(entry.key, { entry, viaAlias: false });
    for (const alias of entry.aliases ?? []) add(alias, { entry, viaAlias: true });
  }
  return index;
};

const index = buildIndex();

interface Template {
  readonly entry: ConfigKey;
  readonly before: string;
  readonly after: string;
}

const templates: readonly Template[] = configKeys.filter(isTemplate).map((entry) => {
  const [before, after] = entry.key.split(ID_PLACEHOLDER);
  return {
    entry,
    before: normaliseName(before),
    after: normaliseName(after),
  };
});

/**
 * `spring.security.oauth2.client.registration.Okta.client-id` and
 * `SPRING_SECURITY_OAUTH2_CLIENT_REGISTRATION_OKTA_CLIENT_ID` both find the client-id key of
 * registration `okta`. The id is normalised like the rest of the name (lower case, without
 * `.`, `-` and `_`), since the environment cannot say where it starts and ends otherwise:
 * `My-IdP` in a file and `MY_IDP` in the environment are the one registration `myidp`.
 */
const findTemplateKey = (name: string): KeyMatch | undefined => {
  const normal = normaliseName(name);
  // The longest suffix first: `...registration.x.client-secret` must not read as id `xclient`.
  const found = templates
    .filter((t) => normal.startsWith(t.before) && normal.endsWith(t.after))
    .filter((t) => normal.length > t.before.length + t.after.length)
    .sort((a, b) => b.after.length - a.after.length)[0];
  if (!found) return undefined;
  const middle = normal.slice(found.before.length, normal.length - found.after.length);
  const id = middle;
  return {
    entry: { ...found.entry, key: found.entry.key.replace(ID_PLACEHOLDER, id), template: found.entry.key },
    viaAlias: false,
  };
};

const buildNoEffectIndex = (): Map<string, NoEffectKey> => {
  const noEffect = new Map<string, NoEffectKey>();
  for (const entry of noEffectKeys) {
    const normal = normaliseName(entry.key);
    const clash = index.get(normal)?.entry.key ?? noEffect.get(normal)?.key;
    if (clash) throw new Error(`Configuration keys '${clash}' and '${entry.key}' normalise alike`);
    noEffect.set(normal, entry);
  }
  return noEffect;
};

const noEffectIndex = buildNoEffectIndex();

export const findKey = (name: string): KeyMatch | undefined =>
  index.get(normaliseName(name)) ?? findTemplateKey(name);

/** A Flowable key Weir accepts but does not act on. */
export const findNoEffectKey = (name: string): NoEffectKey | undefined =>
  noEffectIndex.get(normaliseName(name));

/** Whether Weir reads this name: a strict prefix (unknown keys there are errors) or a known key elsewhere. */
export const hasKnownPrefix = (name: string): boolean => {
  const lower = name.toLowerCase();
  return (
    knownPrefixes.some((prefix) => lower.startsWith(prefix)) ||
    findKey(name) !== undefined ||
    findNoEffectKey(name) !== undefined
  );
};

export const levenshtein = (a: string, b: string): number => {
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

// No-effect keys count too: `flowable.cmmn.enabeld` is nearest to `flowable.cmmn.enabled`.
const allNames = [
  ...configKeys.flatMap((entry) => [entry.key, ...(entry.aliases ?? [])]),
  ...noEffectKeys.map((entry) => entry.key),
];

/** How many leading segments (`flowable`, `mail`, ...) two names share. */
const sharedSegments = (a: string, b: string): number => {
  const left = a.split(/[._]/);
  const right = b.split(/[._]/);
  let shared = 0;
  while (shared < left.length && shared < right.length && left[shared] === right[shared]) shared++;
  return shared;
};

/**
 * The known name nearest to `name`, in environment form when `asEnv`: among the keys that share
 * the most leading segments with it (`flowable.mail.server.hots` looks among the mail keys), a
 * key the name is the start of (`WEIR_HEARTBEAT` → `WEIR_HEARTBEAT_INTERVAL`), else the least
 * Levenshtein distance. Ties go to registry order.
 */
export const nearestKey = (name: string, asEnv = false): string => {
  const target = asEnv ? name.toUpperCase() : name.toLowerCase();
  const all = asEnv ? allNames.map(envNameOf) : allNames;
  // A full match of every segment but the last is the same prefix; the last one is the typo.
  const depth = Math.max(
    ...all.map((candidate) => Math.min(sharedSegments(candidate, target), target.split(/[._]/).length - 1)),
  );
  const samePrefix = depth > 0 ? all.filter((candidate) => sharedSegments(candidate, target) >= depth) : [];
  const candidates = samePrefix.length > 0 ? samePrefix : all;
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
