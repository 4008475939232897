/**
 * Engines that deploy resources of one kind as child deployments of another deployment, as
 * Flowable's `EngineDeployer`s do: a process deployment's `.form` and `.dmn` files become a form
 * and a DMN deployment whose `parentDeploymentId` is the process deployment's id; an app
 * deployment's `.bpmn20.xml`, `.dmn` and `.form` files (and `.cmmn` once the case engine
 * registers) become deployments of those engines with the app deployment as their parent.
 *
 * A deployer first reads its resources (every problem at once, nothing written) and only then
 * stores them, in the parent's transaction: a deployment refused by any engine leaves nothing
 * behind. Deleting the parent deletes its children in the parent's delete transaction, after
 * each engine has ended what still runs on them, each instance in a command of its own.
 *
 * The case engine joins with one call: `registerChildDeployer(caseChildDeployer)`.
 */
import type { Transaction } from '../persistence/database.ts';
import type { ValidationProblem } from '../model/types.ts';
import type { Engine } from './engine.ts';
import type { EngineServices } from './services.ts';

export interface ChildResource {
  readonly name: string;
  readonly content: Uint8Array;
}

/** What a child deployment takes from its parent. */
export interface ChildParent {
  readonly parentDeploymentId: string;
  readonly name: string | null;
  readonly category: string | null;
  /** the parent's deployment key (Flowable passes it to the process child only) */
  readonly key: string | null;
  readonly tenantId: string;
  readonly now: Date;
}

export interface ReadChildResources {
  /** each names its file and, where there is one, its element and line */
  readonly problems: readonly ValidationProblem[];
  /** store the child deployment and its definitions in the parent's transaction */
  readonly store: (tx: Transaction, parent: ChildParent) => Promise<void>;
}

export interface ChildDeployer {
  /** the engine, as messages name it: 'process', 'form', 'DMN', 'case' */
  readonly engine: string;
  /** whether a resource of this name is this engine's to deploy */
  readonly accepts: (resourceName: string) => boolean;
  /** read and check the resources it accepts (only those are given) */
  readonly read: (
    resources: readonly ChildResource[],
    services: EngineServices,
  ) => Promise<ReadChildResources>;
  /** before the delete transaction: end what still runs on the children's definitions */
  readonly endRunning?: (engine: Engine, parentDeploymentId: string) => Promise<void>;
  /** delete every child deployment of the parent, with its definitions, in the parent's transaction */
  readonly deleteChildren: (
    tx: Transaction,
    parentDeploymentId: string,
    services: EngineServices,
  ) => Promise<void>;
}

/** Problems given as messages (the form and DMN readers' way) as validation problems. */
export const asProblems = (messages: readonly string[]): ValidationProblem[] =>
  messages.map((message) => ({ message }));
