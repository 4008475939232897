/** Changing what names a running process instance: its name and business key (Flowable's instance update). */
import { updateRows } from '../persistence/rows.ts';
import type { CommandContext, LoadedInstance } from './context.ts';

export interface InstanceChanges {
  readonly name?: string;
  readonly businessKey?: string;
}

export const updateInstanceFields = async (
  ctx: CommandContext,
  inst: LoadedInstance,
  changes: InstanceChanges,
): Promise<void> => {
  if (changes.name !== undefined) inst.row.name = changes.name;
  if (changes.businessKey !== undefined) inst.row.businessKey = changes.businessKey;
  // the runtime row is written by the flush; its history twin answers the history API the same
  await updateRows(
    ctx.tx,
    'weir_hi_process_instance',
    [{ id: inst.row.id, name: inst.row.name, businessKey: inst.row.businessKey }],
    ['name', 'businessKey'],
  );
};
