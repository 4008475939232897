/**
 * CPU time per unit of work, the figure to optimise against on a shared machine: a busy
 * machine lowers every rate, but a job costs about the same milliseconds of CPU however many
 * other processes wait for a core.
 *
 * At each round boundary of a throughput scenario (the end of the warm-up, then the end of
 * every round) the sampler reads, from `/proc/<pid>/stat` (utime + stime, all threads):
 * - the processes doing the work in Node: the node processes, and this process itself where
 *   the engine or the peer's worker runs in-process (there through `process.cpuUsage()`);
 * - the PostgreSQL backends serving the scenario's database (its pids in `pg_stat_activity`).
 *   Background processes (WAL writer, checkpointer, autovacuum) are not counted: they are
 *   shared by every database and work on their own schedule.
 * and the statements and round trips this process sent (`round-trips.ts`). A round's CPU divided by the units
 * of work done in it is the figure; a backend that ended within a round loses its last
 * slice, so the PostgreSQL figure errs low, never high.
 */
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { sleep, wallNow } from './clock.ts';
import { adminUrl } from './databases.ts';
import { roundTripsSoFar } from './round-trips.ts';
import type { Windows } from './windows.ts';

/** `/proc` counts CPU time in clock ticks, 1/100 s on Linux (`getconf CLK_TCK`). */
const TICK_MS = 10;

/** utime + stime of a process in ms, or undefined when it is gone or not readable. */
export const processCpuMs = (pid: number): number | undefined => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 2 (the command name) may hold spaces and parentheses: count from the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return undefined;
  }
};

const selfCpuMs = (): number => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};

export interface CpuSources {
  /** Node processes doing the work (not this one). */
  readonly pids?: readonly number[];
  /** Whether the work runs in this process too. */
  readonly self: boolean;
  /** The scenario's database, whose backends are PostgreSQL's share. */
  readonly database: string;
}

/** Per round: CPU ms in Node and in PostgreSQL, and the round trips this process sent. */
export interface CpuRounds {
  readonly nodeMs: number[];
  readonly postgresMs: number[];
  readonly roundTrips: number[];
  readonly statements: number[];
}

interface Snapshot {
  readonly node: number;
  readonly backends: ReadonlyMap<number, number>;
  readonly roundTrips: number;
  readonly statements: number;
}

const snapshot = async (client: pg.Client, sources: CpuSources): Promise<Snapshot> => {
  const { rows } = await client.query<{ pid: number }>(
    'SELECT pid FROM pg_stat_activity WHERE datname = $1',
    [sources.database],
  );
  const backends = new Map<number, number>();
  for (const { pid } of rows) {
    const ms = processCpuMs(pid);
    if (ms !== undefined) backends.set(pid, ms);
  }
  let node = sources.self ? selfCpuMs() : 0;
  for (const pid of sources.pids ?? []) node += processCpuMs(pid) ?? 0;
  return { node, backends, ...roundTripsSoFar() };
};

const postgresBetween = (from: Snapshot, to: Snapshot): number => {
  let ms = 0;
  // A backend that started within the round (absent before) counts from zero.
  for (const [pid, end] of to.backends) ms += end - (from.backends.get(pid) ?? 0);
  return ms;
};

/**
 * Sample at every round boundary of `w` (call it when the load begins); resolves after the last
 * round. Its own connection is to the admin database, so it is not counted.
 */
export const sampleCpu = async (w: Windows, sources: CpuSources): Promise<CpuRounds> => {
  const client = new pg.Client({ connectionString: adminUrl, application_name: 'weir bench cpu' });
  await client.connect();
  try {
    const snapshots: Snapshot[] = [];
    for (let i = 0; i <= w.rounds; i++) {
      const wait = w.start + w.warmupMs + i * w.roundMs - wallNow();
      if (wait > 0) await sleep(wait);
      snapshots.push(await snapshot(client, sources));
    }
    const rounds = snapshots.slice(1).map((to, i) => ({ from: snapshots[i], to }));
    return {
      nodeMs: rounds.map(({ from, to }) => to.node - from.node),
      postgresMs: rounds.map(({ from, to }) => postgresBetween(from, to)),
      // less the sampler's own query, counted in `to`
      roundTrips: rounds.map(({ from, to }) => to.roundTrips - from.roundTrips - 1),
      statements: rounds.map(({ from, to }) => to.statements - from.statements - 1),
    };
  } finally {
    await client.end();
  }
};
