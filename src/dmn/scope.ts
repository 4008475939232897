/**
 * The variables one evaluation reads, seen by both dialects: FEEL's context is converted once
 * (and grows as required decisions and earlier outputs add values), JUEL's resolves on demand.
 */
import type { ExpressionContext } from '../expression/index.ts';
import { feelContext, toFeel, type Variables } from './feel.ts';

export class Scope {
  readonly #host: Record<string, unknown>;
  #feel: Record<string, unknown> | undefined;
  readonly juel: ExpressionContext;

  constructor(variables: Variables) {
    this.#host = { ...variables };
    this.juel = {
      resolve: (name) =>
        Object.hasOwn(this.#host, name) ? { found: true, value: this.#host[name] } : { found: false },
    };
  }

  get feel(): Record<string, unknown> {
    return (this.#feel ??= feelContext(this.#host));
  }

  get variables(): Variables {
    return this.#host;
  }

  /** Add a value (a required decision's result) under `name`, visible to both dialects. */
  set(name: string, value: unknown): void {
    this.#host[name] = value;
    if (this.#feel !== undefined) this.#feel[name] = toFeel(value);
  }

  /** A scope for another decision, starting from the same variables. */
  child(): Scope {
    return new Scope(this.#host);
  }
}
