import { WeirError } from '../errors.ts';
import { configKeys } from './keys.ts';
import { findKey, findNoEffectKey, hasKnownPrefix, nearestKey } from './relaxed.ts';
import type { ConfigKey, ConfigSource } from './key-types.ts';
import type { RawEntry } from './sources.ts';
import { parseValue } from './validate.ts';
import type { Origin } from './validate.ts';

/**
 * Layers the sources (defaults < file < environment < flags) into one setting per key.
 * Every value given is checked, even one a higher source overrides: a broken line in a file
 * should fail now, not on the day the overriding flag is dropped.
 */

export interface Setting {
  readonly entry: ConfigKey;
  readonly value: unknown;
  readonly display: string;
  readonly origin: Origin;
}

/** A Flowable key that was given but has no effect in Weir: one boot warning each. */
interface IgnoredSetting {
  readonly key: string;
  readonly reason: string;
  readonly label: string;
}

export interface Layer {
  readonly source: Exclude<ConfigSource, 'default'>;
  readonly entries: readonly RawEntry[];
}

// Other software sets SERVER_*, SPRING_*, DATABASE_* and LOGGING_* variables; these two
// prefixes are ours (and Flowable's), so an unknown one is a typo.
const OWNED_ENV_PREFIXES = ['WEIR_', 'FLOWABLE_'];

const unknownKey = (name: string, from: string, suggestion: string): WeirError =>
  new WeirError(
    'WEIR_CONFIG_UNKNOWN_KEY',
    `Unknown configuration key '${name}' (from ${from}); did you mean '${suggestion}'?`,
  );

const readLayer = (
  layer: Layer,
  ignored: Map<string, IgnoredSetting>,
): Map<string, Setting & { viaAlias: boolean }> => {
  const settings = new Map<string, Setting & { viaAlias: boolean }>();
  for (const raw of layer.entries) {
    const isEnv = layer.source === 'env';
    if (!isEnv && !hasKnownPrefix(raw.name)) continue;
    const match = findKey(raw.name);
    const noEffect = match ? undefined : findNoEffectKey(raw.name);
    if (noEffect) {
      // The last source to give it is named, as it would win if the key did something.
      ignored.set(noEffect.key, { key: noEffect.key, reason: noEffect.reason, label: raw.label });
      continue;
    }
    if (!match) {
      if (!isEnv) throw unknownKey(raw.name, raw.label, nearestKey(raw.name));
      const upper = raw.name.toUpperCase();
      if (OWNED_ENV_PREFIXES.some((prefix) => upper.startsWith(prefix))) {
        throw unknownKey(raw.name, 'environment', nearestKey(raw.name, true));
      }
      continue;
    }
    const { entry, viaAlias } = match;
    const origin: Origin = { source: layer.source, label: raw.label };
    const name = isEnv ? entry.key : raw.name;
    const parsed = parseValue(entry, name, raw.value, origin);
    // Within one source the canonical name beats Flowable's alias, whatever the order.
    const previous = settings.get(entry.key);
    if (previous && !previous.viaAlias && viaAlias) continue;
    settings.set(entry.key, { entry, ...parsed, origin, viaAlias });
  }
  return settings;
};

const DEFAULT_ORIGIN: Origin = { source: 'default', label: 'default' };

export interface Resolved {
  readonly settings: Map<string, Setting>;
  /** Accepted Flowable keys that do nothing in Weir, once each, in the order first given. */
  readonly ignored: readonly IgnoredSetting[];
}

/**
 * The winning setting of every key that was given a value. A key set to an empty value by a
 * higher source is present with `value: undefined`: unset, but `describe()` still says by whom.
 */
export const resolveSettings = (layers: readonly Layer[]): Resolved => {
  const result = new Map<string, Setting>();
  const ignored = new Map<string, IgnoredSetting>();
  for (const entry of configKeys) {
    if (entry.default === undefined) continue;
    result.set(entry.key, {
      entry,
      ...parseValue(entry, entry.key, entry.default, DEFAULT_ORIGIN),
      origin: DEFAULT_ORIGIN,
    });
  }
  for (const layer of layers) {
    for (const [key, { viaAlias: _viaAlias, ...setting }] of readLayer(layer, ignored)) {
      result.set(key, setting);
    }
  }
  // A key left unset takes the value of the key it falls back to (per-engine deployment keys).
  for (const entry of configKeys) {
    if (result.get(entry.key)?.value !== undefined || entry.fallback === undefined) continue;
    const fallback = result.get(entry.fallback);
    if (fallback) result.set(entry.key, { ...fallback, entry });
  }
  return { settings: result, ignored: [...ignored.values()] };
};
