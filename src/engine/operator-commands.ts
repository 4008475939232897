/**
 * Operators' repairs of running instances: change the state of an instance or an execution,
 * migrate instances to another definition (one, or a definition's as a batch), validate a
 * migration, inject a user task or subprocess. Admins and deployers only; each is one command under the instance's root lock.
 */
import { WeirError } from '../errors.ts';
import { getProcessDefinition } from '../persistence/repository-sql.ts';
import { instanceIdsOfDefinition } from '../persistence/migration-sql.ts';
import { loadInstance, rootIdOfExecution, rootIdOfInstance } from '../persistence/runtime-reads-sql.ts';
import { requireDeployer, type Principal } from './authorization.ts';
import type { CommandContext, LoadedInstance } from './context.ts';
import type { EngineServices } from './services.ts';
import { changeActivityState, type ActivityStateChange } from './change-state.ts';
import { createMigrationBatch, refuseMissingTarget } from './batch-migration.ts';
import { injectActivity, type InjectRequest } from './inject.ts';
import {
  migrateInstance,
  resolveMigrationTarget,
  validateMigration,
  type MigrationDocument,
} from './migration.ts';

type Run = <T>(work: (ctx: CommandContext) => Promise<T>) => Promise<T>;

export class OperatorCommands {
  readonly #services: EngineServices;
  readonly #run: Run;

  constructor(services: EngineServices, run: Run) {
    this.#services = services;
    this.#run = run;
  }

  /**
   * An operator's command on one instance (change state, migrate): refused to anyone but
   * admins and deployers, then run under the instance's root lock.
   */
  async instanceCommand<T>(
    instanceId: string,
    by: Principal | undefined,
    action: string,
    work: (ctx: CommandContext, inst: LoadedInstance) => Promise<T>,
  ): Promise<T> {
    requireDeployer(by, action, `process instance '${instanceId}'`);
    const rootId = await rootIdOfInstance(this.#services.db, instanceId);
    if (!rootId)
      throw new WeirError('WEIR_NOT_FOUND', `Could not find a process instance with id '${instanceId}'.`);
    return this.#run(async (ctx) => {
      await ctx.loadRoot(rootId);
      const inst = ctx.instances.get(instanceId);
      if (!inst)
        throw new WeirError('WEIR_NOT_FOUND', `Could not find a process instance with id '${instanceId}'.`);
      return work(ctx, inst);
    });
  }

  /** Cancel activities (or executions) of an instance and start others instead. */
  changeActivityState(instanceId: string, change: ActivityStateChange, by?: Principal): Promise<void> {
    return this.instanceCommand(instanceId, by, 'change the state of', (ctx, inst) =>
      changeActivityState(ctx, inst, change),
    );
  }

  /** Move one execution to other activities (Flowable's execution change-state). */
  async changeExecutionState(executionId: string, startActivityIds: string[], by?: Principal): Promise<void> {
    requireDeployer(by, 'change the state of', `execution '${executionId}'`);
    const rootId = await rootIdOfExecution(this.#services.db, executionId);
    if (!rootId)
      throw new WeirError('WEIR_NOT_FOUND', `Could not find an execution with id '${executionId}'.`);
    await this.#run(async (ctx) => {
      await ctx.loadRoot(rootId);
      const { inst } = ctx.execution(executionId);
      await changeActivityState(ctx, inst, { executionIds: [executionId], startActivityIds });
    });
  }

  /** Inject a user task or an embedded subprocess into a running instance; answers its activity id. */
  injectActivity(instanceId: string, request: InjectRequest, by?: Principal): Promise<string> {
    return this.instanceCommand(instanceId, by, 'inject an activity into', (ctx, inst) =>
      injectActivity(ctx, inst, request),
    );
  }

  /** Move an instance onto another process definition (Flowable's migration document). */
  migrateProcessInstance(instanceId: string, doc: MigrationDocument, by?: Principal): Promise<void> {
    return this.instanceCommand(instanceId, by, 'migrate', async (ctx, inst) => {
      const target = refuseMissingTarget(await resolveMigrationTarget(this.#services, ctx.tx, doc));
      await migrateInstance(ctx, inst, { ...doc, target });
    });
  }

  /**
   * Migrate the instances of a definition (all, or those of `onlyInstanceIds`) as a batch: one
   * part and one job per instance; answers the batch's id.
   */
  async batchMigrateProcessInstances(
    definitionId: string,
    doc: MigrationDocument,
    onlyInstanceIds: readonly string[] | undefined,
    by?: Principal,
  ): Promise<string> {
    requireDeployer(by, 'migrate', `the instances of process definition '${definitionId}'`);
    const source = await getProcessDefinition(this.#services.db, definitionId);
    if (!source)
      throw new WeirError('WEIR_NOT_FOUND', `Could not find a process definition with id '${definitionId}'.`);
    return this.#run(async (ctx) => {
      const target = refuseMissingTarget(await resolveMigrationTarget(this.#services, ctx.tx, doc));
      const only = onlyInstanceIds?.length ? new Set(onlyInstanceIds) : undefined;
      const ids = (await instanceIdsOfDefinition(ctx.tx, definitionId)).filter((id) => !only || only.has(id));
      const instances = ids.map((id) => ({ id, tenantId: source.tenantId }));
      return createMigrationBatch(ctx, definitionId, doc, target, instances);
    });
  }

  /** What would stop a migration, as Flowable's validation messages (none: it can run). Changes nothing. */
  async validateProcessInstanceMigration(
    instanceId: string,
    doc: MigrationDocument,
    by?: Principal,
  ): Promise<string[]> {
    requireDeployer(by, 'migrate', `process instance '${instanceId}'`);
    const row = await loadInstance(this.#services.db, instanceId);
    if (!row)
      throw new WeirError('WEIR_NOT_FOUND', `Could not find a process instance with id '${instanceId}'.`);
    const target = await resolveMigrationTarget(this.#services, this.#services.db, doc);
    if ('message' in target) return [target.message];
    const { model, definition } = await this.#services.definitions.get(this.#services.db, row.definitionId);
    return validateMigration({ row, model, definition, isNew: false, ended: false }, { ...doc, target });
  }
}
