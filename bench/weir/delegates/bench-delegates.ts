/**
 * Delegates of the Weir nodes the bench starts (`--weir.delegates-path` points here), by
 * export name as `flowable:class` names them.
 */

/** What scenario 5's jobs take, so a node holds running and queued jobs when it is killed. */
const PAUSE_MS = 100;

export const noop = (): void => {};

export const pause = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
