/** The machine a run measured: a figure means little without it. */
import os from 'node:os';
import { serverVersion } from './databases.ts';

export interface Machine {
  readonly cores: number;
  readonly cpu: string;
  readonly memoryGiB: number;
  readonly os: string;
  readonly node: string;
  readonly postgres: string;
  /** 1-minute load average when the run began: other work on the machine lowers every figure. */
  readonly loadAverage: number;
}

export const describeMachine = async (): Promise<Machine> => ({
  cores: os.cpus().length,
  cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
  memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  os: `${os.type()} ${os.release()}`,
  node: process.version,
  postgres: await serverVersion(),
  loadAverage: Math.round(os.loadavg()[0] * 100) / 100,
});

export const machineLine = (m: Machine): string =>
  `${m.cores} cores (${m.cpu}), ${m.memoryGiB} GiB RAM, PostgreSQL ${m.postgres} on the same machine, Node ${m.node}, ${m.os}; load average ${m.loadAverage} at the start`;
