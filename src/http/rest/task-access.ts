/**
 * Reading a task over REST, by the engine's rule (`engine/task-access.ts`): shared by the
 * task, task variable, identity link and comment routes. Changes go through engine commands,
 * which check again under the instance lock.
 */
import type { FastifyRequest } from 'fastify';
import type { TaskRow } from '../../engine/runtime-types.ts';
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

/** The process variables a task sees (its instance's root scope). */
export const processVariablesOfTask = async (
  db: Database,
  task: TaskRow,
  valueUrlOf?: (name: string) => string,
): Promise<RestVariable[]> => {
  if (!task.processInstanceId) return [];
  const instance = await loadInstance(db, task.processInstanceId);
  return instance ? restVariables(rootVariablesOf(instance), 'global', valueUrlOf) : [];
};
