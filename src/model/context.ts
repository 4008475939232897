/** What the builders share while turning one BPMN resource into a model. */

import type { ModdleElement } from 'bpmn-moddle';

import type { ExpressionCheck } from './expressions.ts';
import type { ParsedXml } from './parse.ts';
import type { Problems } from './problems.ts';
import type { Position } from './types.ts';

export interface BuildContext {
  readonly problems: Problems;
  readonly checkExpression: ExpressionCheck;
  readonly refOf: ParsedXml['refOf'];
  /** root-level `<message>`, `<signal>`, `<error>` and `<escalation>` elements by id */
  readonly declared: ReadonlyMap<string, ModdleElement>;
  /** names `flowable:class` may use; undefined: anything goes */
  readonly delegateNames?: ReadonlySet<string>;
  /** where the element with this id starts in the XML */
  readonly positionOf: (id: string) => Position;
  /**
   * An id for a flow element written without one, as Flowable gives one: stable for the same
   * XML, so redeploying it names the same activities. Problems about it point at its container.
   */
  readonly generatedId: (element: ModdleElement, containerId: string) => string;
}

/** A model object while it is being built: the same shape, not yet frozen. */
export type Draft<T> = { -readonly [K in keyof T]: T[K] };
