/**
 * The form engine's commands. Submitting a form is checked inside the engine command that
 * uses it (the task completion or the process start, under the instance lock): a refused
 * submission writes nothing, and an accepted one writes its variables, its form instance and
 * the step it causes in one transaction.
 */
import { WeirError } from '../errors.ts';
import type { Engine, StartFormHook } from '../engine/engine.ts';
import type { CommandContext } from '../engine/context.ts';
import { requireDeployer, type Principal } from '../engine/authorization.ts';
import { newId } from '../engine/ids.ts';
import type { TaskRow } from '../engine/runtime-types.ts';
import type { TaskCompletion } from '../engine/task-commands.ts';
import type { Queryable } from '../persistence/database.ts';
import {
  deleteFormDeployment,
  formDefinitionForKey,
  getFormDefinition,
  getFormDeployment,
  insertFormInstance,
  type FormDefinitionRow,
  type FormInstanceRow,
} from '../persistence/forms-sql.ts';
import {
  formDeploymentInvalid,
  readFormResources,
  storeFormDeployment,
  type StoredForms,
} from './form-deploy.ts';
import { isFormResource } from './form-model.ts';
import { prepareUploads } from './form-uploads.ts';
import { readFormSubmission, type FormSubmission } from './form-values.ts';

export interface FormValuesInput {
  /** field id -> submitted value */
  readonly values: Readonly<Record<string, unknown>>;
  readonly outcome?: string | null;
}

// --- repository -------------------------------------------------------------------------------

export const deployForms = async (
  engine: Engine,
  input: {
    name: string | null;
    category: string | null;
    tenantId: string;
    resources: { name: string; content: Uint8Array }[];
  },
  by: Principal,
): Promise<StoredForms> => {
  requireDeployer(by, 'deploy', 'forms');
  if (input.resources.length === 0)
    throw new WeirError('WEIR_ILLEGAL_ARGUMENT', 'Multipart request with file content is required');
  const other = input.resources.find((r) => !isFormResource(r.name));
  if (other) throw new WeirError('WEIR_ILLEGAL_ARGUMENT', `File '${other.name}' must be of type .form`);
  const { forms, problems } = readFormResources(input.resources);
  if (problems.length > 0) throw formDeploymentInvalid(input.name, problems);
  return engine.db.transaction((tx) =>
    storeFormDeployment(
      tx,
      { ...input, parentDeploymentId: null, now: engine.services.clock.now() },
      input.resources,
      forms,
    ),
  );
};

export const undeployForms = async (engine: Engine, deploymentId: string, by: Principal): Promise<void> => {
  requireDeployer(by, 'delete', `form deployment '${deploymentId}'`);
  if (
    !(await getFormDeployment(engine.db, deploymentId)) ||
    !(await deleteFormDeployment(engine.db, deploymentId))
  )
    throw new WeirError('WEIR_NOT_FOUND', `Could not find a form deployment with id '${deploymentId}'.`);
};

// --- finding forms ------------------------------------------------------------------------------

export const requireFormDefinition = async (db: Queryable, id: string): Promise<FormDefinitionRow> => {
  const found = await getFormDefinition(db, id);
  if (!found) throw new WeirError('WEIR_NOT_FOUND', `Could not find a form definition with id '${id}'.`);
  return found;
};

/** The form a form key names for a process definition (deployed with it first, else the latest). */
export const formOfKey = async (
  db: Queryable,
  formKey: string,
  tenantId: string,
  processDeploymentId: string | null,
): Promise<FormDefinitionRow> => {
  const found = await formDefinitionForKey(db, formKey, tenantId, processDeploymentId);
  if (!found)
    throw new WeirError(
      'WEIR_NOT_FOUND',
      `Could not find a form definition with key '${formKey}'${tenantId ? ` in tenant '${tenantId}'` : ''}.`,
    );
  return found;
};

/** A task's form: its form key's definition, seen from the task's process deployment. */
export const formOfTask = async (
  engine: Engine,
  db: Queryable,
  task: TaskRow,
): Promise<FormDefinitionRow> => {
  if (!task.formKey) throw new WeirError('WEIR_ILLEGAL_ARGUMENT', 'Task has no form defined');
  const deploymentId = task.definitionId
    ? ((await engine.services.definitions.get(db, task.definitionId)).definition.deploymentId ?? null)
    : null;
  return formOfKey(db, task.formKey, task.tenantId, deploymentId);
};

// --- submitting ---------------------------------------------------------------------------------

const formInstanceOf = (
  form: FormDefinitionRow,
  submission: FormSubmission,
  at: Date,
  by: string | null,
  where: Partial<
    Pick<
      FormInstanceRow,
      'taskId' | 'processInstanceId' | 'processDefinitionId' | 'scopeId' | 'scopeType' | 'scopeDefinitionId'
    >
  >,
  tenantId: string,
): FormInstanceRow => ({
  id: newId(),
  formDefinitionId: form.id,
  taskId: where.taskId ?? null,
  processInstanceId: where.processInstanceId ?? null,
  processDefinitionId: where.processDefinitionId ?? null,
  scopeId: where.scopeId ?? null,
  scopeType: where.scopeType ?? null,
  scopeDefinitionId: where.scopeDefinitionId ?? null,
  submittedAt: at,
  submittedBy: by,
  formValues: submission.values,
  outcome: submission.outcome,
  tenantId,
});

const validationOn = (ctx: CommandContext, task: TaskRow): boolean => {
  if (!task.executionId || !task.taskDefinitionKey) return true;
  const node = ctx.execution(task.executionId).inst.model.nodes[task.taskDefinitionKey];
  return node?.kind !== 'userTask' || node.formFieldValidation !== false;
};

/**
 * Complete a task with its form (Flowable's `complete` action with a `formDefinitionId`): the
 * form must be the task's; its values are checked, become the variables, and are recorded.
 */
export const completeTaskWithForm = (
  engine: Engine,
  taskId: string,
  input: FormValuesInput & {
    formDefinitionId: string;
    completion: Omit<TaskCompletion, 'variables' | 'variableTypes'>;
  },
  by: Principal,
): Promise<void> =>
  engine.completeTaskWith(taskId, by, async (ctx, task) => {
    const form = await requireFormDefinition(ctx.tx, input.formDefinitionId);
    if (form.key !== task.formKey)
      throw new WeirError(
        'WEIR_ILLEGAL_ARGUMENT',
        `Form definition '${form.id}' is not the form of task '${taskId}' (its form key is ${task.formKey ? `'${task.formKey}'` : 'not set'})`,
      );
    const uploads = await prepareUploads(ctx.tx, form.model, input.values, {
      taskId: task.id,
      processInstanceId: task.processInstanceId,
      userId: by.userId,
    });
    const submission = readFormSubmission(
      form.model,
      input.values,
      input.outcome,
      validationOn(ctx, task),
      uploads.check,
    );
    await uploads.link(ctx.tx, submission, {
      taskId: task.id,
      processInstanceId: task.processInstanceId,
      tenantId: task.tenantId,
      at: ctx.now,
      by: by.userId,
    });
    await insertFormInstance(
      ctx.tx,
      formInstanceOf(
        form,
        submission,
        ctx.now,
        by.userId,
        {
          taskId: task.id,
          processInstanceId: task.processInstanceId,
          processDefinitionId: task.definitionId,
        },
        task.tenantId,
      ),
    );
    return { ...input.completion, variables: submission.variables, variableTypes: submission.types };
  });

/** The start form's part in starting a process (`startFormVariables` and `outcome`). */
export const startFormHook =
  (input: FormValuesInput, userId: string | null): StartFormHook =>
  async (ctx, definition) => {
    if (!definition.startFormKey)
      throw new WeirError('WEIR_ILLEGAL_ARGUMENT', `Process definition '${definition.id}' has no start form`);
    const form = await formOfKey(
      ctx.tx,
      definition.startFormKey,
      definition.tenantId,
      definition.deploymentId,
    );
    const { model } = await ctx.services.definitions.get(ctx.tx, definition.id);
    const start = model.initialStartEventId ? model.nodes[model.initialStartEventId] : undefined;
    const validate = start?.kind !== 'startEvent' || start.formFieldValidation !== false;
    // no instance yet: only the starter's own unattached uploads may be attached to it
    const uploads = await prepareUploads(ctx.tx, form.model, input.values, {
      taskId: null,
      processInstanceId: null,
      userId,
    });
    const submission = readFormSubmission(form.model, input.values, input.outcome, validate, uploads.check);
    return {
      variables: submission.variables,
      variableTypes: submission.types,
      record: async (inner, instanceId) => {
        await uploads.link(inner.tx, submission, {
          taskId: null,
          processInstanceId: instanceId,
          tenantId: definition.tenantId,
          at: inner.now,
          by: userId,
        });
        await insertFormInstance(
          inner.tx,
          formInstanceOf(
            form,
            submission,
            inner.now,
            userId,
            { processInstanceId: instanceId, processDefinitionId: definition.id },
            definition.tenantId,
          ),
        );
      },
    };
  };

/**
 * Store a form instance on its own (`POST /form-api/form/form-instances`): checked like any
 * submission; with a task, inside a command on the task (who may complete it may fill its
 * form); with a process instance, inside a command on the instance.
 */
export const saveFormInstance = async (
  engine: Engine,
  form: FormDefinitionRow,
  input: FormValuesInput & {
    taskId?: string | null;
    processInstanceId?: string | null;
    processDefinitionId?: string | null;
    scopeId?: string | null;
    scopeType?: string | null;
    scopeDefinitionId?: string | null;
    tenantId?: string | null;
  },
  by: Principal,
): Promise<FormInstanceRow> => {
  const scope = {
    scopeId: input.scopeId,
    scopeType: input.scopeType,
    scopeDefinitionId: input.scopeDefinitionId,
  };
  /** Check the values (and the files they name, against where they go), link the files, store the instance. */
  const store = async (
    tx: Queryable,
    at: Date,
    where: Parameters<typeof formInstanceOf>[4],
  ): Promise<FormInstanceRow> => {
    const target = { taskId: where.taskId ?? null, processInstanceId: where.processInstanceId ?? null };
    const uploads = await prepareUploads(tx, form.model, input.values, { ...target, userId: by.userId });
    const submission = readFormSubmission(form.model, input.values, input.outcome, true, uploads.check);
    const tenantId = input.tenantId ?? form.tenantId;
    await uploads.link(tx, submission, { ...target, tenantId, at, by: by.userId });
    const made = formInstanceOf(form, submission, at, by.userId, where, tenantId);
    await insertFormInstance(tx, made);
    return made;
  };
  if (input.taskId) {
    return engine.taskCommand(input.taskId, by, { kind: 'complete' }, (ctx, task) =>
      store(ctx.tx, ctx.now, {
        ...scope,
        taskId: task.id,
        processInstanceId: task.processInstanceId,
        processDefinitionId: task.definitionId,
      }),
    );
  }
  if (input.processInstanceId) {
    return engine.withInstance(input.processInstanceId, by, (tx, instance, ctx) =>
      store(tx, ctx.now, {
        ...scope,
        processInstanceId: instance.id,
        processDefinitionId: instance.definitionId,
      }),
    );
  }
  return engine.command((ctx) =>
    store(ctx.tx, ctx.now, { ...scope, processDefinitionId: input.processDefinitionId ?? null }),
  );
};
