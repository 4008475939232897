/**
 * Values of Flowable's legacy form properties: a form shows every value as text and submits
 * text, which becomes a typed variable. Types as in Flowable: `long` and `double` numbers,
 * `boolean` `true`/`false`, `date` in the property's `datePattern` (Java `SimpleDateFormat`
 * letters; ISO 8601 without one), `enum` one of its values' ids, anything else a string.
 *
 * A submission is checked whole: every bad field is named in one 400 (Flowable stops at the
 * first).
 */
import { WeirError } from '../errors.ts';
import type { FormProperty } from '../model/types.ts';
import type { VariableType } from '../engine/runtime-types.ts';

// --- dates in SimpleDateFormat patterns -----------------------------------------------------------

/** The pattern letters Weir reads and writes; dates are in UTC. */
const FIELDS: Record<string, { width: number; read: (d: Date) => number; regex: string }> = {
  yyyy: { width: 4, read: (d) => d.getUTCFullYear(), regex: '(\\d{4})' },
  MM: { width: 2, read: (d) => d.getUTCMonth() + 1, regex: '(\\d{1,2})' },
  dd: { width: 2, read: (d) => d.getUTCDate(), regex: '(\\d{1,2})' },
  HH: { width: 2, read: (d) => d.getUTCHours(), regex: '(\\d{1,2})' },
  mm: { width: 2, read: (d) => d.getUTCMinutes(), regex: '(\\d{1,2})' },
  ss: { width: 2, read: (d) => d.getUTCSeconds(), regex: '(\\d{1,2})' },
  SSS: { width: 3, read: (d) => d.getUTCMilliseconds(), regex: '(\\d{1,3})' },
};
const TOKEN = /yyyy|MM|dd|HH|mm|ss|SSS|'[^']*'|./g;

const tokensOf = (pattern: string): string[] => pattern.match(TOKEN) ?? [];
const literalOf = (token: string): string => (token.startsWith("'") ? token.slice(1, -1) : token);

export const formatDate = (date: Date, pattern: string | undefined): string => {
  if (!pattern) return date.toISOString();
  return tokensOf(pattern)
    .map((token) => {
      const field = FIELDS[token];
      return field ? String(field.read(date)).padStart(field.width, '0') : literalOf(token);
    })
    .join('');
};

export const parseDate = (text: string, pattern: string | undefined): Date | undefined => {
  if (!pattern) {
    const time = Date.parse(text);
    return Number.isNaN(time) ? undefined : new Date(time);
  }
  const tokens = tokensOf(pattern);
  const regex = tokens.map((t) => FIELDS[t]?.regex ?? literalOf(t).replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const match = new RegExp(`^${regex.join('')}$`).exec(text.trim());
  if (!match) return undefined;
  const parts: Record<string, number> = { yyyy: 1970, MM: 1, dd: 1, HH: 0, mm: 0, ss: 0, SSS: 0 };
  let group = 1;
  for (const token of tokens) if (FIELDS[token]) parts[token] = Number(match[group++]);
  const date = new Date(
    Date.UTC(parts.yyyy, parts.MM - 1, parts.dd, parts.HH, parts.mm, parts.ss, parts.SSS),
  );
  // 31/02/2024 rolls over in Date.UTC; SimpleDateFormat (lenient) would too, but a form means a real date
  const exact = date.getUTCMonth() === parts.MM - 1 && date.getUTCDate() === parts.dd;
  return exact && parts.HH < 24 && parts.mm < 60 && parts.ss < 60 ? date : undefined;
};

// --- showing and submitting -------------------------------------------------------------------------

/** A variable's value as the form shows it (null: nothing to show). */
export const formValueOf = (property: FormProperty, value: unknown): string | null => {
  if (value === null || value === undefined) return null;
  if (property.type === 'date') {
    const date = value instanceof Date ? value : new Date(String(value));
    return Number.isNaN(date.getTime()) ? String(value) : formatDate(date, property.datePattern);
  }
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
};

export interface TypedValue {
  readonly value: unknown;
  readonly type: VariableType;
}

const INTEGER = /^[-+]?\d+$/;
const DECIMAL = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

/** Submitted text as the property's typed value; a string saying what is wrong when it is not one. */
export const typedValueOf = (property: FormProperty, text: string): TypedValue | string => {
  switch (property.type) {
    case 'long':
      return INTEGER.test(text.trim()) && Number.isSafeInteger(Number(text))
        ? { value: Number(text), type: 'long' }
        : `'${text}' is not a long`;
    case 'double':
      return DECIMAL.test(text.trim())
        ? { value: Number(text), type: 'double' }
        : `'${text}' is not a double`;
    case 'boolean': {
      const lower = text.trim().toLowerCase();
      return lower === 'true' || lower === 'false'
        ? { value: lower === 'true', type: 'boolean' }
        : `'${text}' is not a boolean (true or false)`;
    }
    case 'date': {
      const date = parseDate(text, property.datePattern);
      return date
        ? { value: date, type: 'date' }
        : `'${text}' is not a date in the pattern '${property.datePattern ?? 'ISO 8601'}'`;
    }
    case 'enum':
      return property.enumValues.some((v) => v.id === text)
        ? { value: text, type: 'string' }
        : `'${text}' is not one of ${property.enumValues.map((v) => v.id).join(', ')}`;
    default:
      return { value: text, type: 'string' };
  }
};

/** The variable a property writes: its `variable`, the name in a plain `${name}` expression, or its id. */
export const variableOf = (property: FormProperty): string | undefined => {
  if (property.variable) return property.variable;
  if (property.expression === undefined) return property.id;
  return /^\s*[$#]\{\s*([A-Za-z_][\w]*)\s*\}\s*$/.exec(property.expression)?.[1];
};

export interface Submission {
  readonly variables: Record<string, unknown>;
  readonly types: Record<string, VariableType>;
}

/**
 * Check a submission against the form and turn it into variables: every declared property
 * that is given (or has a default) becomes its variable; properties the form does not declare
 * are kept as string variables, as Flowable keeps them. `evaluateDefault` evaluates a
 * property's `default` (an expression or text).
 */
export const readSubmission = (
  form: readonly FormProperty[],
  submitted: readonly { id: string; value: string | null }[],
  evaluateDefault: (text: string) => unknown,
): Submission => {
  const given = new Map(submitted.map((p) => [p.id, p.value]));
  const problems: string[] = [];
  const variables: Record<string, unknown> = {};
  const types: Record<string, VariableType> = {};
  for (const property of form) {
    const text = given.get(property.id);
    given.delete(property.id);
    const named = `form property '${property.id}'`;
    if (text !== undefined && !property.writable) {
      problems.push(`${named} is not writable`);
      continue;
    }
    let raw = text ?? undefined;
    if ((raw === undefined || raw === null || raw === '') && property.default !== undefined) {
      const fallback = evaluateDefault(property.default);
      raw = fallback === null || fallback === undefined ? undefined : String(fallback);
    }
    if (raw === undefined || raw === null || raw === '') {
      if (property.required) problems.push(`${named} is required`);
      continue;
    }
    const typed = typedValueOf(property, raw);
    if (typeof typed === 'string') {
      problems.push(`${named}: ${typed}`);
      continue;
    }
    const variable = variableOf(property);
    if (variable === undefined) {
      problems.push(`${named} reads '${property.expression}', which cannot be written`);
      continue;
    }
    variables[variable] = typed.value;
    types[variable] = typed.type;
  }
  for (const [id, value] of given) {
    variables[id] = value;
    types[id] = value === null ? 'null' : 'string';
  }
  if (problems.length > 0) throw new WeirError('WEIR_ILLEGAL_ARGUMENT', problems.join('; '));
  return { variables, types };
};
