/**
 * Wall-clock time in milliseconds with sub-millisecond resolution. Every process of a run
 * (the bench, the node processes) reads the same system clock this way, so a commit stamped
 * in one process and a job start stamped in another can be subtracted: hand-off latencies of
 * a few milliseconds need better than `Date.now()`'s whole milliseconds.
 */
export const wallNow = (): number => performance.timeOrigin + performance.now();

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
