/**
 * The people involved in a process instance, added and removed as commands under the
 * instance lock. A link makes its user (or its group's members) involved; its historic copy is
 * kept (at history level audit or full) so that the instance's history still names them once
 * the instance has ended. The starter is recorded on the instance itself, shown as a `starter`
 * link, and cannot be removed.
 */
import { WeirError } from '../errors.ts';
import { deleteInstanceLink, instanceLinkOf, type Identity } from '../persistence/identity-links-sql.ts';
import { insertIdentityLink } from '../persistence/rest-tasks-sql.ts';
import { insertHistoricLinks } from '../persistence/task-records-sql.ts';
import type { Principal } from './authorization.ts';
import type { Engine } from './engine.ts';
import { newId } from './ids.ts';
import type { IdentityLinkRow, InstanceRow } from './runtime-types.ts';
import { keepsHistory } from './task-records.ts';

export const isRecordedStarter = (instance: InstanceRow, who: Identity, type: string): boolean =>
  type === 'starter' && who.userId !== null && who.userId === instance.startUserId;

/** Adds the link; one already there (or the recorded starter) is answered as it is. */
export const addInstanceIdentityLink = (
  engine: Engine,
  instanceId: string,
  who: Identity,
  type: string,
  by: Principal | undefined,
): Promise<Pick<IdentityLinkRow, 'userId' | 'groupId' | 'type'>> =>
  engine.withInstance(instanceId, by, async (tx, instance, ctx) => {
    const existing = await instanceLinkOf(tx, instance.id, { ...who, type });
    if (existing || isRecordedStarter(instance, who, type)) return { ...who, type };
    const row: IdentityLinkRow = {
      id: newId(),
      type,
      ...who,
      taskId: null,
      processInstanceId: instance.id,
      rootInstanceId: instance.rootId,
      createdAt: ctx.now,
    };
    await insertIdentityLink(tx, row);
    if (keepsHistory(ctx)) await insertHistoricLinks(tx, [row]);
    return row;
  });

/** Removes the link: 404 when there is none, 409 for the starter. */
export const removeInstanceIdentityLink = (
  engine: Engine,
  instanceId: string,
  who: Identity,
  type: string,
  by: Principal | undefined,
): Promise<void> =>
  engine.withInstance(instanceId, by, async (tx, instance) => {
    if (await deleteInstanceLink(tx, instance.id, { ...who, type })) return;
    if (isRecordedStarter(instance, who, type)) {
      throw new WeirError(
        'WEIR_CONFLICT',
        `User '${who.userId}' started process instance '${instance.id}'; the starter link cannot be removed`,
      );
    }
    throw new WeirError('WEIR_NOT_FOUND', 'Could not find the requested identity link.');
  });
