import { expect, test } from 'vitest';
import { preparedIfFrequent, preparedName } from '../../src/persistence/prepared.ts';

const sendTimes = (sql: string, times: number) => {
  for (let i = 0; i < times; i++) preparedIfFrequent(sql);
};

test('a built text is prepared from its third sending on, and at most 32 of them ever are', () => {
  const once = 'SELECT 1 AS sent_once';
  sendTimes(once, 1);
  expect(preparedName(once)).toBeUndefined();
  const twice = 'SELECT 1 AS sent_twice';
  sendTimes(twice, 2);
  expect(preparedName(twice)).toBeUndefined();
  const texts = Array.from({ length: 40 }, (_, i) => `SELECT ${i} AS frequent`);
  for (const sql of texts) sendTimes(sql, 3);
  const named = texts.filter((sql) => preparedName(sql) !== undefined);
  // the first 32 frequent texts, each under its own name; past the bound, texts go unnamed
  expect(named).toEqual(texts.slice(0, 32));
  expect(new Set(named.map((sql) => preparedName(sql))).size).toBe(32);
  sendTimes(twice, 5);
  expect(preparedName(twice)).toBeUndefined();
});
