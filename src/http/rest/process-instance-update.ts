/**
 * The body of `PUT runtime/process-instances/{id}`, Flowable's ProcessInstanceUpdateRequest: an
 * `action` (suspend, activate; claim and unclaim are refused, Weir has no instance assignee) or,
 * without one, the fields to change. Weir keeps a name and a business key; `businessStatus` and
 * `dueDate` are refused by name rather than dropped.
 */
import Type, { type Static } from 'typebox';
import { WeirError } from '../../errors.ts';
import type { InstanceChanges } from '../../engine/instance-update.ts';

const NullableString = Type.Optional(Type.Union([Type.String(), Type.Null()]));

/** The fields Flowable's update requests share (process and case instances: cmmn-case-lifecycle.ts). */
export const instanceUpdateFields = {
  name: NullableString,
  businessKey: NullableString,
  businessStatus: NullableString,
  dueDate: NullableString,
  assignee: NullableString,
};

export const instanceUpdateSchema = Type.Object(
  {
    action: Type.Optional(
      Type.Union([Type.Enum(['suspend', 'activate', 'claim', 'unclaim', '']), Type.Null()], {
        description: 'suspend or activate; without an action the fields are changed',
      }),
    ),
    ...instanceUpdateFields,
  },
  { additionalProperties: false },
);
export type InstanceUpdateBody = Static<typeof instanceUpdateSchema>;

const unsupported = (field: string, what: string) =>
  new WeirError('WEIR_ILLEGAL_ARGUMENT', `${field}: ${what} is not supported by Weir`);

export const instanceChangesOf = (
  action: string | null | undefined,
  body: Omit<InstanceUpdateBody, 'action'>,
): InstanceChanges => {
  if (action === 'claim' || action === 'unclaim')
    throw unsupported('action', `'${action}' (a process instance assignee)`);
  if (body.businessStatus != null) throw unsupported('businessStatus', 'a business status');
  if (body.dueDate != null) throw unsupported('dueDate', 'a process instance due date');
  if (body.assignee != null) throw unsupported('assignee', 'a process instance assignee');
  return { name: body.name ?? undefined, businessKey: body.businessKey ?? undefined };
};
