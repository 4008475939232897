/**
 * The few methods an expression may call on strings, lists and maps without anyone exposing
 * them: pure, Java-named (`contains`, `isEmpty`, `equalsIgnoreCase`) so Flowable expressions
 * keep working. Each is written out rather than looked up on the prototype, so nothing
 * else on String.prototype or Array.prototype is reachable.
 */
import { toInteger, toText } from './coerce.ts';
import { fault } from './faults.ts';

const expectArguments = (method: string, args: readonly unknown[], min: number, max = min): void => {
  if (args.length < min || args.length > max) {
    const expected = min === max ? `${min}` : `${min} to ${max}`;
    throw fault(`Method takes ${expected} argument(s), got ${args.length}`, method);
  }
};

export const callStringMethod = (text: string, method: string, args: readonly unknown[]): unknown => {
  switch (method) {
    case 'toUpperCase':
      expectArguments(method, args, 0);
      return text.toUpperCase();
    case 'toLowerCase':
      expectArguments(method, args, 0);
      return text.toLowerCase();
    case 'trim':
      expectArguments(method, args, 0);
      return text.trim();
    case 'length':
      expectArguments(method, args, 0);
      return text.length;
    case 'isEmpty':
      expectArguments(method, args, 0);
      return text.length === 0;
    case 'startsWith':
      expectArguments(method, args, 1);
      return text.startsWith(toText(args[0]));
    case 'endsWith':
      expectArguments(method, args, 1);
      return text.endsWith(toText(args[0]));
    case 'contains':
      expectArguments(method, args, 1);
      return text.includes(toText(args[0]));
    case 'indexOf':
      expectArguments(method, args, 1, 2);
      return text.indexOf(toText(args[0]), args.length > 1 ? toInteger(args[1]) : 0);
    case 'substring':
      expectArguments(method, args, 1, 2);
      return substring(text, toInteger(args[0]), args.length > 1 ? toInteger(args[1]) : text.length);
    case 'equals':
      expectArguments(method, args, 1);
      return typeof args[0] === 'string' && text === args[0];
    case 'equalsIgnoreCase':
      expectArguments(method, args, 1);
      return typeof args[0] === 'string' && text.toLowerCase() === args[0].toLowerCase();
    default:
      throw fault('Method not available on a string', method);
  }
};

/** Java's bounds: out of range is an error rather than JavaScript's silent clamping. */
const substring = (text: string, begin: number, end: number): string => {
  if (begin < 0 || end > text.length || begin > end) {
    throw fault('Index out of range', `substring(${begin}, ${end}) of a string of length ${text.length}`);
  }
  return text.substring(begin, end);
};

export const callListMethod = (
  list: readonly unknown[],
  method: string,
  args: readonly unknown[],
): unknown => {
  switch (method) {
    case 'size':
      expectArguments(method, args, 0);
      return list.length;
    case 'isEmpty':
      expectArguments(method, args, 0);
      return list.length === 0;
    case 'contains':
      expectArguments(method, args, 1);
      return list.includes(args[0]);
    case 'get': {
      expectArguments(method, args, 1);
      const index = toInteger(args[0]);
      if (index < 0 || index >= list.length) {
        throw fault('Index out of range', `get(${index}) of a list of size ${list.length}`);
      }
      return list[index];
    }
    default:
      throw fault('Method not available on a list', method);
  }
};

export const callMapMethod = (
  map: ReadonlyMap<unknown, unknown>,
  method: string,
  args: readonly unknown[],
): unknown => {
  switch (method) {
    case 'size':
      expectArguments(method, args, 0);
      return map.size;
    case 'isEmpty':
      expectArguments(method, args, 0);
      return map.size === 0;
    case 'contains':
    case 'containsKey':
      expectArguments(method, args, 1);
      return map.has(args[0]);
    case 'get':
      expectArguments(method, args, 1);
      return map.get(args[0]);
    default:
      throw fault('Method not available on a map', method);
  }
};
