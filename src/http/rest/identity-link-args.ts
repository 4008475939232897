/** What the identity-link routes of instances and definitions share: reading who a link names. */
import Type from 'typebox';
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

/** An id in a link's path or body. */
export const LinkId = Type.String({ minLength: 1, maxLength: 255 });

/** The path segments naming one link of an instance or a case: `.../{family}/{identityId}/{type}`. */
export const linkPathParts = {
  family: Type.Enum(['users', 'groups'], { description: "'users' or 'groups'" }),
  identityId: LinkId,
  type: LinkId,
};

/** The body that adds a link to an instance or a case: a user or a group, and a type. */
export const LinkBody = Type.Object(
  {
    user: Type.Optional(LinkId),
    group: Type.Optional(LinkId),
    type: Type.String({
      minLength: 1,
      maxLength: 255,
      description: 'participant, starter or any other type',
    }),
  },
  { additionalProperties: false },
);

/** The messages of Flowable's link resources for a body with neither or both of user and group. */
export const linkBodyMessages = {
  neither: 'User or group are required.',
  both: 'Only one value of user or group is supported.',
};
