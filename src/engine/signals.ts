/**
 * Delivering a signal to its subscribers. Each subscribing instance tree gets its own
 * command (its own transaction and root lock): a signal never holds two roots' locks at
 * once, so two signals crossing each other cannot deadlock.
 */
import { findSubscriptions, getSubscriptionRow } from '../persistence/runtime-reads-sql.ts';
import type { EngineServices } from './services.ts';
import { runCommand } from './command.ts';
import { triggerWait } from './triggers.ts';
import { createInstance } from './instance-start.ts';
import { setVariable } from './variable-scope.ts';

/** Signals thrown while delivering a signal are delivered too, up to this depth (a loop guard). */
const MAX_DEPTH = 10;

export const deliverSignal = async (
  services: EngineServices,
  name: string,
  options: {
    tenantId?: string;
    executionId?: string;
    onlyInstanceId?: string;
    /** thrown through the API: instance-scoped subscriptions are left alone, as in Flowable */
    globalOnly?: boolean;
    variables?: Record<string, unknown>;
  },
  depth = 0,
): Promise<number> => {
  const subs = await findSubscriptions(services.db, {
    eventType: 'signal',
    eventName: name,
    tenantId: options.tenantId ?? '',
    executionId: options.executionId,
  });
  let delivered = 0;
  for (const sub of subs) {
    if (options.onlyInstanceId && sub.processInstanceId !== options.onlyInstanceId) continue;
    // a processInstance-scoped signal must be thrown inside its own instance
    if (options.globalOnly && sub.scope === 'processInstance') continue;
    const { ctx } = await runCommand(services, async (c) => {
      if (sub.processInstanceId === null) {
        if (options.executionId) return;
        await createInstance(c, sub.definitionId!, {
          startEventId: sub.activityId!,
          variables: options.variables,
        });
        delivered++;
        return;
      }
      await c.loadRoot(sub.rootInstanceId!);
      // the subscription may have gone while we waited for the lock
      if (!(await getSubscriptionRow(c.tx, sub.id))) return;
      const { exec } = c.execution(sub.executionId!);
      for (const [k, v] of Object.entries(options.variables ?? {})) setVariable(c, exec, k, v);
      await triggerWait(c, exec, sub.activityId!);
      delivered++;
    });
    if (depth < MAX_DEPTH) {
      for (const s of ctx.pendingSignals) {
        await deliverSignal(
          services,
          s.name,
          {
            tenantId: s.tenantId,
            onlyInstanceId: s.scope === 'processInstance' ? s.fromInstanceId : undefined,
          },
          depth + 1,
        );
      }
    }
  }
  return delivered;
};
