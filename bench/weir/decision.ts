/**
 * Scenario 9, decision: a 100-rule decision table with 5 inputs (number ranges, comparisons,
 * string lists, booleans) evaluated through the DMN engine's API in the bench process, one
 * evaluation after another, with inputs that walk the table so hits land anywhere from the first
 * rule to the last. No database: a decision is a pure function of its inputs (its history row,
 * when a process runs it, is part of that command's one commit, which `straight-through` prices).
 */
import { evaluateDecision, parseDmn } from '../../src/dmn/index.ts';
import { wallNow } from '../harness/clock.ts';
import type { Figure } from '../harness/figures.ts';
import { ratePerRound, totalMs } from '../harness/windows.ts';
import type { ScenarioContext } from '../scenarios.ts';

const RULES = 100;

const entry = (text: string) =>
  `<inputEntry><text>${text.replace(/</g, '&lt;').replace(/>/g, '&gt;')}</text></inputEntry>`;

/** Rule i matches a in [i..i+1), b > i mod 7, c one of two labels, d its parity, e below a bound. */
const table = (): string => {
  const inputs = [
    ['a', 'number'],
    ['b', 'number'],
    ['c', 'string'],
    ['d', 'boolean'],
    ['e', 'number'],
  ]
    .map(
      ([name, type]) =>
        `<input id="in_${name}"><inputExpression typeRef="${type}"><text>${name}</text></inputExpression></input>`,
    )
    .join('');
  const rules = Array.from(
    { length: RULES },
    (_, i) =>
      `<rule id="r${i}">${entry(`[${i}..${i + 1})`)}${entry(`> ${i % 7}`)}${entry(`"c${i % 5}","c${(i + 1) % 5}"`)}` +
      `${entry(i % 2 === 0 ? 'true' : 'false')}${entry(`< ${1000 + i}`)}<outputEntry><text>${i}</text></outputEntry></rule>`,
  ).join('');
  return `<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="bench" name="bench" namespace="bench">
<decision id="routing" name="Routing"><decisionTable hitPolicy="FIRST">${inputs}<output id="out" name="route" typeRef="number"/>${rules}</decisionTable></decision></definitions>`;
};

export const runDecision = async ({ options }: ScenarioContext): Promise<Figure[]> => {
  const parsed = await parseDmn('bench.dmn', table());
  if (parsed.definitions === undefined) throw new Error(parsed.problems.join('\n'));
  const definitions = parsed.definitions;
  const evaluated: number[] = [];
  const start = wallNow();
  const stopAt = start + totalMs(options);
  let i = 0;
  while (wallNow() < stopAt) {
    const row = i % RULES;
    const outcome = evaluateDecision(definitions, 'routing', {
      a: row + 0.5,
      b: 10,
      c: `c${row % 5}`,
      d: row % 2 === 0,
      e: 5,
    });
    if (outcome.value !== row) throw new Error(`Row ${row} answered ${String(outcome.value)}`);
    evaluated.push(wallNow());
    i++;
    // yield now and then so the process's timers and I/O are not starved for a whole round
    if (i % 1000 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  return [
    {
      scenario: 'Weir 9: decision table, DMN engine API',
      name: `evaluations/s, ${RULES} rules x 5 inputs, FIRST, hits spread over the table`,
      unit: '/s',
      kind: 'rate',
      rounds: ratePerRound({ start, ...options }, evaluated),
      weir: true,
    },
  ];
};
