/**
 * A background task run every `interval` ms: the lease keeper and the lock sweeps. The next
 * run is scheduled when the previous one has finished, so a slow database never piles runs
 * up. A failing task keeps its schedule; only the first failure of a streak is reported, so a
 * database outage costs one log line per task rather than one per second.
 */
export interface PeriodicTask {
  /** Cancel the next run and wait for the one in flight. */
  stop(): Promise<void>;
}

export const runEvery = (
  interval: number,
  task: () => Promise<void>,
  onError: (error: unknown) => void,
): PeriodicTask => {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> = Promise.resolve();
  let failing = false;

  const schedule = () => {
    timer = setTimeout(() => {
      inFlight = task().then(
        () => {
          failing = false;
        },
        (error: unknown) => {
          if (!failing) onError(error);
          failing = true;
        },
      );
      void inFlight.then(() => {
        if (!stopped) schedule();
      });
    }, interval);
    // Background work alone must not keep a process alive.
    timer.unref();
  };
  schedule();

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await inFlight;
    },
  };
};
