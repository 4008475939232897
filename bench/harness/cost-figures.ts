/**
 * The cost of a unit of work (an instance, a job) as figures: Node CPU, PostgreSQL CPU, round
 * trips and statements per unit, each round's CPU (`cpu.ts`) divided by the units done in that round.
 */
import type { CpuRounds } from './cpu.ts';
import type { Figure } from './figures.ts';

export interface CostInput {
  readonly scenario: string;
  /** What one unit is: `instance`, `job`. */
  readonly unit: string;
  readonly cpu: CpuRounds;
  /** Units done per second, per round (the scenario's rate figure). */
  readonly perSecond: readonly number[];
  readonly roundMs: number;
  /**
   * Round trips and statements per unit when counted elsewhere than in this process (node
   * processes report theirs over the whole measurement): one value each for all rounds.
   */
  readonly sentPerUnit?: { readonly roundTrips: number; readonly statements: number };
  /** Leave the round-trip figure out (a peer whose queries this process cannot see). */
  readonly noRoundTrips?: boolean;
}

export const costFigures = (input: CostInput): Figure[] => {
  const units = input.perSecond.map((rate) => (rate * input.roundMs) / 1000);
  const per = (values: readonly number[]) => values.map((v, i) => (units[i] > 0 ? v / units[i] : Number.NaN));
  const figure = (name: string, unit: string, rounds: number[]): Figure => ({
    scenario: input.scenario,
    name,
    unit,
    kind: 'cost',
    rounds,
    weir: false,
  });
  const figures = [
    figure(`Node CPU per ${input.unit}`, 'ms', per(input.cpu.nodeMs)),
    figure(`PostgreSQL CPU per ${input.unit}`, 'ms', per(input.cpu.postgresMs)),
  ];
  if (input.noRoundTrips) return figures;
  const sent = input.sentPerUnit;
  figures.push(
    figure(`round trips per ${input.unit}`, '', sent ? [sent.roundTrips] : per(input.cpu.roundTrips)),
    figure(`statements per ${input.unit}`, '', sent ? [sent.statements] : per(input.cpu.statements)),
  );
  return figures;
};
