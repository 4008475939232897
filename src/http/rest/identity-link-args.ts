/** What the identity-link routes of instances and definitions share: reading who a link names. */
import { WeirError } from '../../errors.ts';
import type { Identity } from '../../persistence/identity-links-sql.ts';

/** The user or group of a link path (`.../identitylinks/users/kermit`). */
export const identityOf = (family: 'users' | 'groups', identityId: string): Identity =>
  family === 'users' ? { userId: identityId, groupId: null } : { userId: null, groupId: identityId };

/** The user or group of a link body: exactly one, else a 400 with Flowable's message for the case. */
export const identityOfBody = (
  body: { user?: string; group?: string },
  messages: { neither: string; both: string },
): Identity => {
  const { user, group } = body;
  if (user === undefined && group === undefined)
    throw new WeirError('WEIR_ILLEGAL_ARGUMENT', messages.neither);
  if (user !== undefined && group !== undefined) throw new WeirError('WEIR_ILLEGAL_ARGUMENT', messages.both);
  return { userId: user ?? null, groupId: group ?? null };
};

export const linkNotFound = (): WeirError =>
  new WeirError('WEIR_NOT_FOUND', 'Could not find the requested identity link.');
