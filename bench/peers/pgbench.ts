/**
 * The ceiling: pgbench's simple-update transaction (`-N`: one UPDATE, one SELECT, one INSERT,
 * one commit) from 4 clients on 2 threads, against a fresh database on the same server in the
 * same run. No PostgreSQL-backed engine commits faster than this on this machine; every Weir
 * instance needs at least one commit (an async one two), so this bounds instances per second.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { promisify } from 'node:util';
import type { Figure } from '../harness/figures.ts';
import { pendingFigure } from '../harness/figures.ts';
import { adminUrl, createScratchDatabase } from '../harness/databases.ts';
import type { BenchOptions } from '../harness/options.ts';

const run = promisify(execFile);

/** pgbench on the PATH, else the one of the newest PostgreSQL in Debian's layout. */
const findPgbench = async (): Promise<string | undefined> => {
  try {
    await run('pgbench', ['--version']);
    return 'pgbench';
  } catch {
    const root = '/usr/lib/postgresql';
    if (!existsSync(root)) return undefined;
    const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
    return versions.map((v) => `${root}/${v}/bin/pgbench`).find((p) => existsSync(p));
  }
};

const connectionArgs = (database: string): string[] => {
  const url = new URL(adminUrl);
  return [
    '-h',
    url.hostname,
    '-p',
    url.port || '5432',
    '-U',
    decodeURIComponent(url.username || 'postgres'),
    database,
  ];
};

const tpsOf = (output: string): number => {
  const match = /tps = ([\d.]+) \(without initial connection time\)/.exec(output);
  if (!match) throw new Error(`pgbench printed no tps:\n${output}`);
  return Number(match[1]);
};

export const runPgbench = async (options: BenchOptions): Promise<Figure[]> => {
  const scenario = 'PostgreSQL ceiling: pgbench -N -c 4 -j 2';
  const pgbench = await findPgbench();
  if (!pgbench) return [pendingFigure(scenario, 'commits/s', '/s', 'pending: pgbench not found')];
  const db = await createScratchDatabase('pgbench');
  const env = { ...process.env, PGPASSWORD: decodeURIComponent(new URL(adminUrl).password) };
  try {
    await run(pgbench, ['-i', '-q', ...connectionArgs(db.name)], { env });
    // pgbench counts whole seconds: each run is at least one.
    const seconds = (ms: number) => String(Math.max(1, Math.floor(ms / 1000)));
    const bench = (ms: number) =>
      run(pgbench, ['-N', '-c', '4', '-j', '2', '-T', seconds(ms), ...connectionArgs(db.name)], { env });
    await bench(options.warmupMs);
    const rounds: number[] = [];
    for (let i = 0; i < options.rounds; i++) rounds.push(tpsOf((await bench(options.roundMs)).stdout));
    return [
      { scenario, name: 'commits/s', unit: '/s', kind: 'rate', rounds, weir: false, reference: 'ceiling' },
    ];
  } finally {
    await db.drop();
  }
};
