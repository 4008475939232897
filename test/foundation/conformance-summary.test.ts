/** The per-family summary that scripts/conformance-summary.ts writes into docs/compatibility.md. */
import { describe, expect, it } from 'vitest';
import { renderTable, replaceBetweenMarkers, summarise } from '../../scripts/conformance-summary.ts';

const report = {
  testResults: [
    {
      name: '/repo/test/conformance/timers.test.ts',
      assertionResults: [{ status: 'passed' }, { status: 'failed' }, { status: 'passed' }],
    },
    { name: '/repo/test/conformance/events.test.ts', assertionResults: [{ status: 'passed' }] },
  ],
};

describe('conformance summary', () => {
  it('counts the cases and passes of each test file, by family name', () => {
    expect(summarise(report)).toEqual([
      { family: 'events', cases: 1, passed: 1 },
      { family: 'timers', cases: 3, passed: 2 },
    ]);
  });

  it('renders one row per family and a total', () => {
    const table = renderTable(summarise(report));
    expect(table.split('\n')).toEqual([
      '| family (test file) | cases | passed |',
      '| --- | ---: | ---: |',
      '| `events` | 1 | 1 |',
      '| `timers` | 3 | 2 |',
      '| **all** | **4** | **3** |',
    ]);
  });

  it('replaces only what lies between the markers', () => {
    const document =
      'before\n<!-- conformance-summary:start -->\nold\n<!-- conformance-summary:end -->\nafter\n';
    expect(replaceBetweenMarkers(document, 'new')).toBe(
      'before\n<!-- conformance-summary:start -->\n\nnew\n\n<!-- conformance-summary:end -->\nafter\n',
    );
  });

  it('refuses a document without the markers', () => {
    expect(() => replaceBetweenMarkers('no markers here', 'new')).toThrow(/conformance-summary:start/);
  });
});
