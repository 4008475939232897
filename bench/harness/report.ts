/**
 * The end of a run: one markdown table on stdout, and the same figures as JSON in
 * `bench/results/<timestamp>.json` and `bench/results/latest.json`.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Figure, Target } from './figures.ts';
import type { Machine } from './machine.ts';
import { machineLine } from './machine.ts';
import type { BenchOptions } from './options.ts';
import { spreadOf } from './stats.ts';

export const resultsFolder = fileURLToPath(new URL('../results/', import.meta.url));

export interface ReportedFigure extends Figure {
  readonly median: number | null;
  readonly min: number | null;
  readonly max: number | null;
  readonly vsPgbench: number | null;
  readonly vsBestUnbatchedPeer: number | null;
  readonly targetText: string | null;
  readonly targetMet: boolean | null;
}

export interface Report {
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly command: string;
  readonly mode: 'quick' | 'full';
  readonly rounds: number;
  readonly warmupMs: number;
  readonly roundMs: number;
  readonly machine: Machine;
  readonly figures: readonly ReportedFigure[];
}

const finiteOrNull = (n: number): number | null => (Number.isFinite(n) ? n : null);

/** The reference's median; of several (the unbatched peers), the best. */
const referenceMedian = (figures: readonly Figure[], reference: Figure['reference']): number | null => {
  const medians = figures
    .filter((f) => f.reference === reference && f.rounds.length > 0)
    .map((f) => spreadOf(f.rounds).median)
    .filter((m) => Number.isFinite(m));
  return medians.length > 0 ? Math.max(...medians) : null;
};

const targetText = (t: Target, unit: string): string => {
  const parts: string[] = [];
  if (t.below !== undefined) parts.push(`< ${t.below}${unit === 'x' ? '×' : ` ${unit}`}`);
  if (t.ceilingShare !== undefined) parts.push(`≥ ${t.ceilingShare * 100}% of pgbench`);
  if (t.peerShare !== undefined) parts.push(`≥ ${t.peerShare * 100}% of the best unbatched peer`);
  return parts.join(', ');
};

const targetMet = (
  t: Target,
  median: number,
  ceiling: number | null,
  peer: number | null,
): boolean | null => {
  const checks: (boolean | null)[] = [];
  if (t.below !== undefined) checks.push(median < t.below);
  if (t.ceilingShare !== undefined) checks.push(ceiling === null ? null : median >= t.ceilingShare * ceiling);
  if (t.peerShare !== undefined) checks.push(peer === null ? null : median >= t.peerShare * peer);
  if (checks.includes(false)) return false;
  return checks.includes(null) ? null : true;
};

export const buildReport = (
  figures: readonly Figure[],
  meta: { startedAt: Date; command: string; options: BenchOptions; machine: Machine },
): Report => {
  const ceiling = referenceMedian(figures, 'ceiling');
  const peer = referenceMedian(figures, 'unbatched-peer');
  return {
    startedAt: meta.startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    command: meta.command,
    mode: meta.options.quick ? 'quick' : 'full',
    rounds: meta.options.rounds,
    warmupMs: meta.options.warmupMs,
    roundMs: meta.options.roundMs,
    machine: meta.machine,
    figures: figures.map((f) => {
      const s = spreadOf(f.rounds);
      const median = finiteOrNull(s.median);
      const ratio = (ref: number | null) =>
        f.weir && f.kind === 'rate' && median !== null && ref ? median / ref : null;
      return {
        ...f,
        median,
        min: finiteOrNull(s.min),
        max: finiteOrNull(s.max),
        vsPgbench: ratio(ceiling),
        vsBestUnbatchedPeer: ratio(peer),
        targetText: f.target ? targetText(f.target, f.unit) : null,
        targetMet: f.target && median !== null ? targetMet(f.target, median, ceiling, peer) : null,
      };
    }),
  };
};

const number = (n: number | null, kind: Figure['kind']): string => {
  if (n === null) return '—';
  if (kind === 'rate') return n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(1);
  if (kind === 'latency') return n >= 100 ? n.toFixed(0) : n.toFixed(1);
  if (kind === 'cost') return n >= 10 ? n.toFixed(1) : n.toFixed(2);
  return n.toFixed(2);
};

const withUnit = (text: string, unit: string): string => (text === '—' || !unit ? text : `${text} ${unit}`);

const percent = (n: number | null): string => (n === null ? '' : `${(n * 100).toFixed(0)}%`);

export const renderTable = (report: Report): string => {
  const lines = [
    '| Scenario | Figure | Median | Spread (min–max) | vs pgbench | vs best unbatched peer | Target |',
    '|---|---|---:|---:|---:|---:|---|',
  ];
  for (const f of report.figures) {
    if (f.pending) {
      lines.push(`| ${f.scenario} | ${f.name} | ${f.pending} | | | | ${f.targetText ?? ''} |`);
      continue;
    }
    const spread = `${number(f.min, f.kind)}–${number(f.max, f.kind)}`;
    const verdict = f.targetText
      ? `${f.targetText}: ${f.targetMet === null ? 'n/a' : f.targetMet ? 'met' : 'missed'}`
      : '';
    const name = f.note ? `${f.name} (${f.note})` : f.name;
    lines.push(
      `| ${f.scenario} | ${name} | ${withUnit(number(f.median, f.kind), f.unit)} | ${spread} | ${percent(f.vsPgbench)} | ${percent(f.vsBestUnbatchedPeer)} | ${verdict} |`,
    );
  }
  const mode = report.mode === 'quick' ? 'quick' : 'full';
  lines.push(
    '',
    `${mode} run, ${report.rounds} rounds of ${report.roundMs / 1000} s after a ${report.warmupMs / 1000} s warm-up; median of the rounds, spread min–max.`,
    `Machine: ${machineLine(report.machine)}.`,
  );
  return lines.join('\n');
};

/** Write `<timestamp>.json` and replace `latest.json` (through a temporary file, never half-written). */
export const writeReport = async (report: Report): Promise<string> => {
  await mkdir(resultsFolder, { recursive: true });
  const stamp = report.startedAt.replace(/[:.]/g, '-');
  const file = `${resultsFolder}${stamp}.json`;
  const json = `${JSON.stringify(report, null, 2)}\n`;
  await writeFile(file, json);
  await writeFile(`${resultsFolder}latest.json.tmp`, json);
  await rename(`${resultsFolder}latest.json.tmp`, `${resultsFolder}latest.json`);
  return file;
};
