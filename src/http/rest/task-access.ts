/**
 * Reading a task over REST, by the engine's rule (`engine/task-access.ts`): shared by the
 * task, task variable, identity link and comment routes. Changes go through engine commands,
 * which check again under the instance lock.
 */
import type { FastifyRequest } from 'fastify';
import type { StoredVariable, TaskRow } from '../../engine/runtime-types.ts';
import { caseVariablesOf } from '../../persistence/cmmn-rest-sql.ts';
import { requireTaskAccess } from '../../engine/task-access.ts';
import type { Database } from '../../persistence/database.ts';
import { getTaskRow, loadInstance } from '../../persistence/runtime-reads-sql.ts';
import { identityLinksOfTask } from '../../persistence/rest-tasks-sql.ts';
import { principalOf } from '../auth/basic-auth.ts';
import { notFound } from './context.ts';
import { rootVariablesOf } from './responses.ts';
import { restVariables, type RestVariable } from './variables.ts';

/** The task, if this user may see it: 404 alike when it does not exist or is not theirs to see. */
export const visibleTaskFor = async (db: Database, request: FastifyRequest, taskId: string) => {
  const task = await getTaskRow(db, taskId);
  if (!task) throw notFound('task', taskId);
  const links = await identityLinksOfTask(db, taskId);
  const principal = principalOf(request);
  requireTaskAccess(principal, task, links, { kind: 'see' });
  return { task, links, principal };
};

/**
 * The variables a task sees as global, as stored: its process instance's root scope, or its
 * case's (a case task, Flowable's scopeId); none for a task of neither.
 */
export const scopeVariablesOfTask = async (
  db: Database,
  task: TaskRow,
): Promise<Record<string, StoredVariable>> => {
  if (task.processInstanceId) {
    const instance = await loadInstance(db, task.processInstanceId);
    return instance ? rootVariablesOf(instance) : {};
  }
  if (task.scopeType === 'cmmn' && task.scopeId)
    return ((await caseVariablesOf(db, task.scopeId)) ?? {}) as Record<string, StoredVariable>;
  return {};
};

/** The global variables a task sees (its process's or its case's), in the REST shape. */
export const globalVariablesOfTask = async (
  db: Database,
  task: TaskRow,
  valueUrlOf?: (name: string) => string,
): Promise<RestVariable[]> => restVariables(await scopeVariablesOfTask(db, task), 'global', valueUrlOf);
