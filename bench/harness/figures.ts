/**
 * What a scenario hands back: figures, each measured over several rounds. The report takes
 * the median and the spread, and puts Weir's rates next to the two references every figure is
 * read against: the pgbench ceiling and the best unbatched peer's drain rate (a peer fetching
 * and completing one job at a time per worker, as an engine step is one transaction).
 */

/** `cost`: CPU milliseconds or round trips per unit of work (an instance, a job). */
export type FigureKind = 'rate' | 'latency' | 'seconds' | 'ratio' | 'cost';

/** Goals from the issue: reported as met or missed, never asserted. */
export interface Target {
  /** the median must stay below this (latency, seconds, slow-down ratios) */
  readonly below?: number;
  /** a rate must reach this share of the pgbench ceiling */
  readonly ceilingShare?: number;
  /** a rate must reach this share of the best unbatched peer's jobs/s */
  readonly peerShare?: number;
}

export interface Figure {
  readonly scenario: string;
  readonly name: string;
  readonly unit: string;
  readonly kind: FigureKind;
  /** One value per round; the figure is their median. Empty when pending. */
  readonly rounds: readonly number[];
  /** Weir's rates get ratios to the references; the references themselves do not. */
  readonly weir: boolean;
  /**
   * This figure is a reference: the ceiling, or an unbatched peer's drain rate (the best of
   * them is what Weir is compared with).
   */
  readonly reference?: 'ceiling' | 'unbatched-peer';
  readonly target?: Target;
  readonly note?: string;
  /** Why there is no figure (yet). */
  readonly pending?: string;
}

export const pendingFigure = (scenario: string, name: string, unit: string, why: string): Figure => ({
  scenario,
  name,
  unit,
  kind: 'rate',
  rounds: [],
  weir: true,
  pending: why,
});

/** One failure of a scenario, kept as a figure so the table says what broke. */
export const failedFigure = (scenario: string, error: unknown): Figure => ({
  scenario,
  name: 'failed',
  unit: '',
  kind: 'rate',
  rounds: [],
  weir: false,
  pending: `failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
});
