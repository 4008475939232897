/**
 * Writes the per-family summary of the conformance suite into docs/compatibility.md, between
 * `<!-- conformance-summary:start -->` and `<!-- conformance-summary:end -->`: one row per
 * test file of `test/conformance/` (the family), with its cases and how many passed.
 *
 *   node scripts/conformance-summary.ts                 # runs the suite, then writes the table
 *   node scripts/conformance-summary.ts --from r.json   # reads a report of
 *                                                       # `vitest run test/conformance --reporter=json`
 *
 * Exits 1 when a case failed (the table is written all the same, showing where).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';

const START = '<!-- conformance-summary:start -->';
const END = '<!-- conformance-summary:end -->';

const root = fileURLToPath(new URL('..', import.meta.url));
const docPath = path.join(root, 'docs/compatibility.md');

/** The parts of Vitest's JSON report (the Jest-compatible shape) that the summary reads. */
interface JsonReport {
  testResults: { name: string; assertionResults: { status: string }[] }[];
}

export interface FamilyRow {
  family: string;
  cases: number;
  passed: number;
}

export const summarise = (report: JsonReport): FamilyRow[] =>
  report.testResults
    .map((file) => ({
      family: path.basename(file.name).replace(/\.test\.ts$/, ''),
      cases: file.assertionResults.length,
      passed: file.assertionResults.filter((result) => result.status === 'passed').length,
    }))
    .sort((a, b) => a.family.localeCompare(b.family));

export const renderTable = (rows: readonly FamilyRow[]): string => {
  const total = rows.reduce(
    (sum, row) => ({ cases: sum.cases + row.cases, passed: sum.passed + row.passed }),
    {
      cases: 0,
      passed: 0,
    },
  );
  return [
    '| family (test file) | cases | passed |',
    '| --- | ---: | ---: |',
    ...rows.map((row) => `| \`${row.family}\` | ${row.cases} | ${row.passed} |`),
    `| **all** | **${total.cases}** | **${total.passed}** |`,
  ].join('\n');
};

/** The document with the text between the markers replaced; both markers must be there. */
export const replaceBetweenMarkers = (document: string, content: string): string => {
  const start = document.indexOf(START);
  const end = document.indexOf(END);
  if (start === -1 || end === -1 || end < start) {
    throw new Error(`${docPath} needs the markers ${START} and ${END}, in that order`);
  }
  return `${document.slice(0, start + START.length)}\n\n${content}\n\n${document.slice(end)}`;
};

const runSuite = (): JsonReport => {
  const folder = mkdtempSync(path.join(tmpdir(), 'weir-conformance-'));
  const outputFile = path.join(folder, 'report.json');
  try {
    // the exit status is not checked: a failing case still yields a report, which the table shows
    spawnSync('npx', ['vitest', 'run', 'test/conformance', '--reporter=json', `--outputFile=${outputFile}`], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    return JSON.parse(readFileSync(outputFile, 'utf8')) as JsonReport;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
};

const main = async (): Promise<void> => {
  const fromIndex = process.argv.indexOf('--from');
  const report =
    fromIndex === -1
      ? runSuite()
      : (JSON.parse(readFileSync(process.argv[fromIndex + 1], 'utf8')) as JsonReport);
  const rows = summarise(report);
  const updated = replaceBetweenMarkers(readFileSync(docPath, 'utf8'), renderTable(rows));
  const options = await resolveConfig(docPath);
  writeFileSync(docPath, await format(updated, { ...options, filepath: docPath }));
  const failed = rows.reduce((sum, row) => sum + row.cases - row.passed, 0);
  process.stdout.write(`docs/compatibility.md: ${rows.length} families, ${failed} failed cases\n`);
  if (failed > 0) process.exitCode = 1;
};

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
