/**
 * Reading the `flowable:field`s of the HTTP and mail tasks the way Flowable's
 * `ExpressionUtils` does: every field is evaluated once with the execution's variables, then
 * read as a string, a boolean (`true` in any case) or a number.
 */
import type { FieldInjection } from '../model/types.ts';
import { WeirError, type ErrorCode } from '../errors.ts';
import type { CommandContext } from './context.ts';
import type { ExecutionState } from './runtime-types.ts';
import { injectedFields } from './invoke.ts';

export interface TaskFields {
  string(name: string): string | undefined;
  bool(name: string): boolean;
  int(name: string): number | undefined;
  /** the raw value, for fields such as `to` that may also be a list */
  raw(name: string): unknown;
}

export const readTaskFields = (
  ctx: CommandContext,
  exec: ExecutionState,
  fields: readonly FieldInjection[],
  where: string,
): TaskFields => {
  const values = injectedFields(ctx, exec, fields, where);
  const raw = (name: string): unknown => (Object.hasOwn(values, name) ? values[name] : undefined);
  const string = (name: string): string | undefined => {
    const value = raw(name);
    if (value === undefined || value === null) return undefined;
    return value instanceof Date ? value.toISOString() : String(value);
  };
  return {
    raw,
    string,
    bool: (name) => {
      const value = raw(name);
      return value === true || (typeof value === 'string' && value.trim().toLowerCase() === 'true');
    },
    int: (name) => {
      const text = string(name)?.trim();
      if (text === undefined || text === '') return undefined;
      const value = Number(text);
      if (!Number.isInteger(value)) {
        throw new WeirError(
          'WEIR_ILLEGAL_ARGUMENT',
          `Element '${where}': field '${name}' is not a whole number: '${text}'`,
        );
      }
      return value;
    },
  };
};

/**
 * `Name: value` lines, as Flowable's HTTP task takes `requestHeaders` and its mail task
 * `headers`. A line without a colon is refused rather than dropped, so a typo is noticed.
 */
export const parseHeaderLines = (
  text: string | undefined,
  where: string,
  code: ErrorCode,
): [string, string][] => {
  if (text === undefined) return [];
  const headers: [string, string][] = [];
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    const colon = line.indexOf(':');
    if (colon <= 0) {
      throw new WeirError(code, `Element '${where}': header line '${line.trim()}' is not 'Name: value'`);
    }
    headers.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  return headers;
};
