/**
 * A fast path for the unary tests most tables are made of: comma-separated literals (numbers,
 * strings, booleans), comparisons with a literal (`< 10`, `>= "m"`) and number ranges
 * (`[1..5)`). feelin parses a text on every evaluation, which makes a 100-rule table cost
 * thousands of parses; these forms are compiled once here to a predicate with FEEL's meaning
 * (a comparison across types is null, so no match). Anything else returns null and runs in feelin.
 */
type Literal = number | string | boolean;
type Test = (input: unknown) => boolean;

const NUMBER = String.raw`-?(?:\d+(?:\.\d+)?|\.\d+)`;
const STRING = String.raw`"(?:[^"\\]|\\.)*"`;
const LITERAL = new RegExp(String.raw`^(?:(${NUMBER})|(${STRING})|(true|false))$`);
const COMPARISON = new RegExp(String.raw`^(<=|>=|<|>|=|!=)\s*(?:(${NUMBER})|(${STRING}))$`);
const RANGE = new RegExp(String.raw`^([[(\]])\s*(${NUMBER})\s*\.\.\s*(${NUMBER})\s*([\])[])$`);

const literal = (
  match: RegExpExecArray,
  numberAt: number,
  stringAt: number,
  booleanAt?: number,
): Literal | undefined => {
  if (match[numberAt] !== undefined) return Number(match[numberAt]);
  if (match[stringAt] !== undefined) return JSON.parse(match[stringAt]) as string;
  if (booleanAt !== undefined && match[booleanAt] !== undefined) return match[booleanAt] === 'true';
  return undefined;
};

/** Comparable when both are numbers or both are strings, as FEEL compares. */
const comparable = (input: unknown, value: Literal): input is number | string =>
  (typeof input === 'number' && typeof value === 'number') ||
  (typeof input === 'string' && typeof value === 'string');

const compileItem = (item: string): Test | null => {
  const lit = LITERAL.exec(item);
  if (lit !== null) {
    const value = literal(lit, 1, 2, 3);
    return (input) => input === value;
  }
  const cmp = COMPARISON.exec(item);
  if (cmp !== null) {
    const value = literal(cmp, 2, 3) as Literal;
    switch (cmp[1]) {
      case '<':
        return (input) => comparable(input, value) && input < value;
      case '<=':
        return (input) => comparable(input, value) && input <= value;
      case '>':
        return (input) => comparable(input, value) && input > value;
      case '>=':
        return (input) => comparable(input, value) && input >= value;
      case '=':
        return (input) => input === value;
      default:
        return (input) => comparable(input, value) && input !== value;
    }
  }
  const range = RANGE.exec(item);
  if (range !== null) {
    const low = Number(range[2]);
    const high = Number(range[3]);
    const lowIn = range[1] === '[';
    const highIn = range[4] === ']';
    return (input) =>
      typeof input === 'number' &&
      (lowIn ? input >= low : input > low) &&
      (highIn ? input <= high : input < high);
  }
  return null;
};

/** Split on commas outside strings; null when a string is left open. */
const splitItems = (text: string): string[] | null => {
  const items: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted && char === '\\') {
      current += char + (text[++i] ?? '');
      continue;
    }
    if (char === '"') quoted = !quoted;
    if (char === ',' && !quoted) {
      items.push(current.trim());
      current = '';
    } else current += char;
  }
  if (quoted) return null;
  items.push(current.trim());
  return items;
};

export const compileSimpleTest = (text: string): Test | null => {
  const items = splitItems(text);
  if (items === null) return null;
  const tests: Test[] = [];
  for (const item of items) {
    const test = compileItem(item);
    if (test === null) return null;
    tests.push(test);
  }
  return tests.length === 1 ? tests[0] : (input) => tests.some((test) => test(input));
};
