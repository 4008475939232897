/** The waits of conditional events: event subscriptions of type `conditional`, read per instance. */
import type { Queryable } from './database.ts';
import { toCamelRow } from './rows.ts';
import type { EventSubscriptionRow } from '../engine/runtime-types.ts';

/** An instance's conditional waits in the order they were made (oldest first). */
export const conditionalSubscriptionsOfInstance = async (
  db: Queryable,
  rootInstanceId: string,
  processInstanceId: string,
): Promise<EventSubscriptionRow[]> => {
  // by root first: that is the column the subscription table is indexed on
  const { rows } = await db.query(
    `SELECT * FROM weir_event_subscription
     WHERE root_instance_id = $1 AND process_instance_id = $2 AND event_type = 'conditional'
     ORDER BY created_at, id`,
    [rootInstanceId, processInstanceId],
  );
  return rows.map((r) => toCamelRow<EventSubscriptionRow>(r));
};
