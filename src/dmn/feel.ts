/**
 * The bridge to FEEL (`@bpmn-io/feelin`): host values (JS dates, arrays, objects) become FEEL
 * values and back, and texts are checked to parse before a table deploys. FEEL dates and
 * durations are luxon objects; a FEEL date becomes a JS Date, a duration its ISO-8601 text.
 */
import { date as feelDate, evaluate, parseExpression, parseUnaryTests, unaryTest } from '@bpmn-io/feelin';

export type Variables = Readonly<Record<string, unknown>>;

interface LuxonDateTime {
  toJSDate(): Date;
  toISO(): string;
}
interface LuxonDuration {
  toISO(): string;
  shiftTo(...units: string[]): unknown;
}

const isDateTime = (value: object): value is LuxonDateTime =>
  typeof (value as Partial<LuxonDateTime>).toJSDate === 'function';
const isDuration = (value: object): value is LuxonDuration =>
  typeof (value as Partial<LuxonDuration>).shiftTo === 'function' &&
  typeof (value as Partial<LuxonDuration>).toISO === 'function';

/** A host value as FEEL sees it. */
export const toFeel = (value: unknown): unknown => {
  if (value === undefined) return null;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return feelDate(value.toISOString());
  if (Array.isArray(value)) return value.map(toFeel);
  if (value instanceof Map) return toFeel(Object.fromEntries(value));
  if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = toFeel(item);
    return out;
  }
  return value;
};

/** A FEEL result as a host value: dates as JS Dates, durations as ISO-8601 text, functions as null. */
export const fromFeel = (value: unknown): unknown => {
  if (value === undefined || value === null || typeof value === 'function') return null;
  if (Array.isArray(value)) return value.map(fromFeel);
  if (typeof value !== 'object') return value;
  if (isDateTime(value)) return value.toJSDate();
  if (isDuration(value)) return value.toISO();
  if (Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = fromFeel(item);
    return out;
  }
  return null;
};

/** A FEEL context built from host variables once per evaluation, so each entry need not convert. */
export const feelContext = (variables: Variables): Record<string, unknown> => {
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(variables)) out[key] = toFeel(item);
  return out;
};

/** The syntax error of a FEEL text, or null when it parses. `names` are the variables in scope. */
export const feelSyntaxProblem = (
  text: string,
  mode: 'unaryTests' | 'expression',
  names: readonly string[],
): string | null => {
  const context: Record<string, unknown> = {};
  for (const name of names) context[name] = null;
  let at: number | null = null;
  try {
    const tree =
      mode === 'unaryTests'
        ? parseUnaryTests(text, context, undefined)
        : parseExpression(text, context, undefined);
    tree.iterate({
      enter: (node) => {
        if (node.type.isError && at === null) at = node.from;
        return at === null;
      },
    });
  } catch (error) {
    return (error as Error).message;
  }
  return at === null ? null : `syntax error at column ${(at as number) + 1}`;
};

/** `context` is the evaluation's own FEEL context: the input value is set on it, not copied. */
export const feelUnaryTest = (text: string, input: unknown, context: Record<string, unknown>): boolean => {
  context['?'] = toFeel(input);
  return unaryTest(text, context).value === true;
};

export const feelValue = (text: string, context: Record<string, unknown>): unknown =>
  fromFeel(evaluate(text, context).value);
