/**
 * `npm run bench`: Weir against PostgreSQL's own limit (pgbench) and against its peers
 * (graphile-worker, pg-boss), side by side in one run on the local server. Prints one
 * markdown table and writes the figures as JSON to `bench/results/`. Never part of `npm test`.
 * See bench/README.md for what each scenario measures.
 */
import type { Figure } from './harness/figures.ts';
import { failedFigure } from './harness/figures.ts';
import { createWeirTemplate, dropOrphanedDatabases } from './harness/databases.ts';
import type { ScratchDatabase } from './harness/databases.ts';
import { describeMachine, machineLine } from './harness/machine.ts';
import { parseOptions, usage } from './harness/options.ts';
import { buildReport, renderTable, writeReport } from './harness/report.ts';
import { scenarios } from './scenarios.ts';
import { killAllNodes } from './weir/node-processes.ts';
import { countRoundTrips } from './harness/round-trips.ts';

const argv = process.argv.slice(2);
if (argv.includes('--help') || argv.includes('-h')) {
  console.log(usage);
  process.exit(0);
}

const log = (text: string) => process.stderr.write(`${text}\n`);

// Round trips of the in-process engine and peers, for the cost figures (harness/cpu.ts).
countRoundTrips();

const main = async (): Promise<number> => {
  const options = parseOptions(argv);
  const startedAt = new Date();
  const machine = await describeMachine();
  log(`weir bench (${options.quick ? 'quick' : 'full'}) on ${machineLine(machine)}`);
  if (machine.loadAverage > machine.cores / 2) {
    log(`Warning: the machine is busy (load average ${machine.loadAverage}); every figure will be lower.`);
  }
  await dropOrphanedDatabases();
  const chosen = scenarios.filter((s) => options.only.has(s.name));
  let template: ScratchDatabase | undefined;
  const figures: Figure[] = [];
  try {
    if (chosen.some((s) => s.weir)) template = await createWeirTemplate();
    for (const scenario of chosen) {
      const began = Date.now();
      log(`- ${scenario.name} ...`);
      try {
        figures.push(...(await scenario.run({ options, weirTemplate: template! })));
      } catch (error) {
        log(
          `  ${scenario.name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        );
        figures.push(failedFigure(scenario.name, error));
      }
      log(`  ${scenario.name} took ${((Date.now() - began) / 1000).toFixed(1)} s`);
    }
  } finally {
    await killAllNodes();
    await template?.drop();
  }
  const report = buildReport(figures, {
    startedAt,
    command: `npm run bench${argv.length > 0 ? ` -- ${argv.join(' ')}` : ''}`,
    options,
    machine,
  });
  const file = await writeReport(report);
  console.log(renderTable(report));
  log(
    `\nWritten to ${file} and bench/results/latest.json (${((Date.now() - startedAt.getTime()) / 1000).toFixed(0)} s in all)`,
  );
  return figures.some((f) => f.pending?.startsWith('failed')) ? 1 : 0;
};

process.exitCode = await main();
