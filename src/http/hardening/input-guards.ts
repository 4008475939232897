/**
 * Input PostgreSQL or our own recursion would choke on, refused up front with a 400 that
 * names the field. Each was a 500 before:
 * - a NUL character: `text` and `jsonb` cannot hold one;
 * - a lone UTF-16 surrogate (`"\ud800"`): not valid JSON text for `jsonb`, not encodable in UTF-8;
 * - a `...Like` filter ending in a backslash: `LIKE` refuses a pattern ending in its escape;
 * - JSON nested thousands deep: recursive code (ours, Ajv's, the variable serialisers) runs
 *   out of stack. Flowable's JSON reader refuses deep nesting too (at 1,000 levels).
 * Runs before schema validation, on the query string, path parameters and the JSON body.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { WeirError } from '../../errors.ts';

/** Deeper than any real variable or query body; far below where recursion hurts. */
const MAX_JSON_DEPTH = 64;

const likeOperations = new Set(['like', 'likeIgnoreCase']);

const bad = (where: string, what: string) => new WeirError('WEIR_ILLEGAL_ARGUMENT', `${where} ${what}`);

const checkText = (where: string, text: string): void => {
  if (text.includes('\u0000')) throw bad(where, 'contains a NUL character');
  if (!text.isWellFormed()) throw bad(where, 'contains a lone UTF-16 surrogate');
};

/** `LIKE 'abc\'` is an error in PostgreSQL: the pattern must not end with an unpaired backslash. */
const checkLikePattern = (where: string, text: string): void => {
  const trailing = /\\+$/.exec(text)?.[0].length ?? 0;
  if (trailing % 2 === 1) throw bad(where, 'ends with an escape character (\\); write \\\\ for a backslash');
};

const isLikeKey = (key: string): boolean => /Like(IgnoreCase)?$/.test(key);

const childPath = (path: string, key: string | number): string =>
  typeof key === 'number' ? `${path}[${key}]` : `${path}.${key}`;

/** Iterative, so that the check itself cannot overflow the stack it protects. */
const checkValue = (root: unknown, rootPath: string): void => {
  const stack: { value: unknown; path: string; depth: number; likeKey: boolean }[] = [
    { value: root, path: rootPath, depth: 0, likeKey: false },
  ];
  while (stack.length > 0) {
    const { value, path, depth, likeKey } = stack.pop()!;
    if (typeof value === 'string') {
      checkText(path, value);
      if (likeKey) checkLikePattern(path, value);
      continue;
    }
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw bad(path, 'is not a finite number');
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_JSON_DEPTH) throw bad(path, `is nested deeper than ${MAX_JSON_DEPTH} levels`);
    if (Array.isArray(value)) {
      value.forEach((item, index) =>
        stack.push({ value: item, path: childPath(path, index), depth: depth + 1, likeKey }),
      );
      continue;
    }
    const object = value as Record<string, unknown>;
    // a variable filter: {"name": "x", "value": "a%", "operation": "like"}
    const likeFilter = typeof object.operation === 'string' && likeOperations.has(object.operation);
    for (const [key, child] of Object.entries(object)) {
      checkText(`${path} field name '${key.slice(0, 40)}'`, key);
      stack.push({
        value: child,
        path: childPath(path, key),
        depth: depth + 1,
        likeKey: isLikeKey(key) || (likeFilter && key === 'value'),
      });
    }
  }
};

const checkRequest = async (request: FastifyRequest): Promise<void> => {
  if (request.params && typeof request.params === 'object') checkValue(request.params, 'path');
  if (request.query && typeof request.query === 'object') checkValue(request.query, 'query');
  if (request.body !== undefined && !Buffer.isBuffer(request.body)) checkValue(request.body, 'body');
};

export const installInputGuards = (app: FastifyInstance): void => {
  app.addHook('preValidation', checkRequest);
};
