/**
 * Values cross the sandbox boundary as JSON text: QuickJS and V8 share no objects, and one
 * string per value needs one handle instead of one per property. JSON has no dates, so a
 * Date travels as a one-key object under DATE_TAG, which the sandbox prelude uses too.
 */
import { WeirError } from '../../errors.ts';

/** A key no business object uses: it starts with a NUL character. */
export const DATE_TAG = '\u0000weir:date';

function tagDates(this: unknown, key: string, value: unknown): unknown {
  const raw = (this as Record<string, unknown>)[key];
  if (!(raw instanceof Date)) return value;
  if (Number.isNaN(raw.getTime())) {
    throw new WeirError('WEIR_VARIABLE_TYPE', `An invalid Date cannot be passed to a script`);
  }
  return { [DATE_TAG]: raw.toISOString() };
}

const reviveDates = (_key: string, value: unknown): unknown => {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  if (keys.length !== 1 || keys[0] !== DATE_TAG) return value;
  const iso = (value as Record<string, unknown>)[DATE_TAG];
  return typeof iso === 'string' ? new Date(iso) : value;
};

/** Host value to JSON text for the sandbox; `undefined` (a missing variable) becomes null. */
export const encodeForSandbox = (value: unknown): string => JSON.stringify(value, tagDates) ?? 'null';

/** JSON text from the sandbox to a host value, dates restored. */
export const decodeFromSandbox = (json: string): unknown => JSON.parse(json, reviveDates);
