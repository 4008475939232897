/**
 * `BENCH_TRACE=1 npm run bench ...` prints when each phase of a scenario ends (boots,
 * preloads, drains, measurements), to see where a run spends its time.
 */
const enabled = Boolean(process.env.BENCH_TRACE);
let last = performance.now();

export const trace = (phase: string): void => {
  if (!enabled) return;
  const now = performance.now();
  process.stderr.write(`    ${((now - last) / 1000).toFixed(2).padStart(6)} s  ${phase}\n`);
  last = now;
};
