/** Medians, spreads and percentiles of measured samples. */

export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

const sorted = (values: readonly number[]): number[] => [...values].sort((a, b) => a - b);

/** The value below which a fraction `q` of the samples lie (nearest rank); NaN without samples. */
export const quantile = (values: readonly number[], q: number): number => {
  if (values.length === 0) return Number.NaN;
  const s = sorted(values);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
};

export const median = (values: readonly number[]): number => {
  if (values.length === 0) return Number.NaN;
  const s = sorted(values);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

export const spreadOf = (rounds: readonly number[]): Spread => {
  const finite = rounds.filter((r) => Number.isFinite(r));
  if (finite.length === 0) return { median: Number.NaN, min: Number.NaN, max: Number.NaN };
  return { median: median(finite), min: Math.min(...finite), max: Math.max(...finite) };
};
