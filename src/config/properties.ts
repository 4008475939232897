/**
 * A reader for Java `.properties` text as Spring reads `application.properties`: `#` and `!`
 * comment lines, `key=value`, `key: value` or `key value`, a trailing backslash continuing the
 * line, and backslash escapes (`\t`, `\n`, `\uXXXX`, `\=`). A repeated key keeps its last value.
 */

const endsWithContinuation = (line: string): boolean => {
  let backslashes = 0;
  for (let i = line.length - 1; i >= 0 && line[i] === '\\'; i--) backslashes++;
  return backslashes % 2 === 1;
};

/** Joins continued physical lines into logical lines, dropping blanks and comments. */
const logicalLines = (text: string): string[] => {
  const lines: string[] = [];
  let pending: string | undefined;
  for (const physical of text.split(/\r\n|\r|\n/)) {
    const line = physical.trimStart();
    if (pending === undefined && (line === '' || line.startsWith('#') || line.startsWith('!'))) continue;
    const joined = (pending ?? '') + line;
    if (endsWithContinuation(joined)) {
      pending = joined.slice(0, -1);
    } else {
      lines.push(joined);
      pending = undefined;
    }
  }
  if (pending !== undefined) lines.push(pending);
  return lines;
};

const ESCAPES: Record<string, string> = { t: '\t', n: '\n', r: '\r', f: '\f' };

const unescape = (text: string): string =>
  text.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_, escaped: string) =>
    escaped.length === 5
      ? String.fromCharCode(parseInt(escaped.slice(1), 16))
      : (ESCAPES[escaped] ?? escaped),
  );

const splitLine = (line: string): [string, string] => {
  let i = 0;
  while (i < line.length) {
    const char = line[i];
    if (char === '\\') {
      i += 2;
      continue;
    }
    if (char === '=' || char === ':' || char === ' ' || char === '\t' || char === '\f') break;
    i++;
  }
  const key = line.slice(0, i);
  let rest = line.slice(i).replace(/^[ \t\f]*/, '');
  // Whitespace may be the separator on its own, or surround one `=` or `:`.
  if (rest.startsWith('=') || rest.startsWith(':')) rest = rest.slice(1).replace(/^[ \t\f]*/, '');
  return [unescape(key), unescape(rest)];
};

/** Entries in file order; a repeated key appears twice and the later one wins downstream. */
export const parseProperties = (text: string): Array<[string, string]> => logicalLines(text).map(splitLine);
