/**
 * `/idm-api`: users, groups, memberships and privileges. Reads need `access-rest-api`, writes `access-admin`.
 * The same users and groups routes are registered a second time under `/process-api/identity`
 * (Flowable's process-API identity service, same shapes); privileges (`idm-privileges.ts`) exist
 * under `/idm-api` only.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { WeirError } from '../../errors.ts';
import {
  addMembership,
  deleteGroup,
  deleteUser,
  getGroup,
  getUser,
  groupSortNames,
  insertGroup,
  insertUser,
  listGroups,
  listUsers,
  removeMembership,
  updateGroup,
  updateUser,
  userSortNames,
  type GroupRow,
  type UserRow,
} from '../../persistence/idm-sql.ts';
import { hashPassword } from '../auth/passwords.ts';
import { IdParams, notFound, NullableStr, urlsFor, type RestContext, type Urls } from './context.ts';
import { listRoutes, Str } from './list-route.ts';
import { NoContent, type Answer } from './schemas/common.ts';
import { ErrorBody } from './schemas/error-body.ts';
import { Group, Membership, User } from './schemas/idm.ts';

const sortsOf = (names: readonly string[]) => Object.fromEntries(names.map((n) => [n, n]));

export const userResponseOf =
  (api: IdentityApi) =>
  (u: UserRow, urls: Urls): Answer<typeof User> => ({
    id: u.id,
    firstName: u.firstName,
    lastName: u.lastName,
    displayName: u.displayName ?? ([u.firstName, u.lastName].filter(Boolean).join(' ') || u.id),
    email: u.email,
    tenantId: u.tenantId,
    url: urls(`${api}/users/%s`, u.id),
    pictureUrl: u.hasPicture ? urls('process-api/identity/users/%s/picture', u.id) : null,
  });

export const groupResponseOf =
  (api: IdentityApi) =>
  (g: GroupRow, urls: Urls): Answer<typeof Group> => ({
    id: g.id,
    name: g.name,
    type: g.type,
    url: urls(`${api}/groups/%s`, g.id),
  });

const UserId = Type.String({ minLength: 1, maxLength: 255, pattern: '^[^:\\s]+$' });
const Password = Type.String({ minLength: 1 });
const userFields = {
  firstName: NullableStr(),
  lastName: NullableStr(),
  displayName: NullableStr(),
  email: NullableStr(),
  tenantId: NullableStr(),
};
const NewUserBody = Type.Object(
  { id: UserId, ...userFields, password: Password },
  { additionalProperties: false },
);
const UserChangesBody = Type.Object(
  { id: Type.Optional(UserId), ...userFields, password: Type.Optional(Password) },
  { additionalProperties: false },
);

const GroupId = Type.String({ minLength: 1, maxLength: 255 });
const NewGroupBody = Type.Object(
  { id: GroupId, name: NullableStr(), type: NullableStr() },
  { additionalProperties: false },
);
const GroupChangesBody = Type.Object(
  { id: Type.Optional(GroupId), name: NullableStr(), type: NullableStr() },
  { additionalProperties: false },
);

const userFilters = {
  id: Str(),
  firstName: Str(),
  lastName: Str(),
  email: Str(),
  firstNameLike: Str(),
  lastNameLike: Str(),
  emailLike: Str(),
  memberOfGroup: Str(),
  displayName: Str(),
  displayNameLike: Str(),
  tenantId: Str(),
};

const groupFilters = { id: Str(), name: Str(), nameLike: Str(), type: Str(), member: Str() };

/** Where the users and groups routes are mounted. */
export type IdentityApi = 'idm-api' | 'process-api/identity';

export const idmRoutes: FastifyPluginAsyncTypebox<{ rest: RestContext; api?: IdentityApi }> = async (
  app,
  { rest, api = 'idm-api' },
) => {
  const { db, credentials } = rest;
  const prefix = `/${api}`;
  const userResponse = userResponseOf(api);
  const groupResponse = groupResponseOf(api);
  const userTags = ['Users'];
  const groupTags = ['Groups'];

  const requireUser = async (id: string) => (await getUser(db, id)) ?? Promise.reject(notFound('user', id));
  const requireGroup = async (id: string) =>
    (await getGroup(db, id)) ?? Promise.reject(notFound('group', id));

  listRoutes(app, {
    item: User,
    api,
    path: 'users',
    tags: userTags,
    what: 'users',
    filters: userFilters,
    sorts: sortsOf(userSortNames),
    defaultSort: 'id',
    load: (_request, filter, page) => listUsers(db, filter, page),
    respond: (request, rows) => {
      const urls = urlsFor(rest, request);
      return rows.map((u) => userResponse(u, urls));
    },
  });

  app.get(
    `${prefix}/users/:userId`,
    {
      schema: { response: { 200: User }, tags: userTags, summary: 'Get a user', params: IdParams('userId') },
    },
    async (request) => userResponse(await requireUser(request.params.userId), urlsFor(rest, request)),
  );

  app.post(
    `${prefix}/users`,
    {
      schema: {
        response: { 201: User, 409: ErrorBody },
        tags: userTags,
        summary: 'Create a user',
        body: NewUserBody,
      },
    },
    async (request, reply) => {
      const body = request.body;
      if (await getUser(db, body.id))
        throw new WeirError('WEIR_CONFLICT', `A user with id '${body.id}' already exists.`);
      const user: UserRow = {
        id: body.id,
        firstName: body.firstName ?? null,
        lastName: body.lastName ?? null,
        displayName: body.displayName ?? null,
        email: body.email ?? null,
        tenantId: body.tenantId ?? '',
        passwordHash: await hashPassword(body.password),
      };
      await insertUser(db, user);
      return reply.code(201).send(userResponse(user, urlsFor(rest, request)));
    },
  );

  app.put(
    `${prefix}/users/:userId`,
    {
      schema: {
        response: { 200: User },
        tags: userTags,
        summary: 'Update a user',
        params: IdParams('userId'),
        body: UserChangesBody,
      },
    },
    async (request) => {
      const user = await requireUser(request.params.userId);
      const body = request.body;
      if (body.id !== undefined && body.id !== user.id)
        throw new WeirError('WEIR_ILLEGAL_ARGUMENT', 'A user id cannot be changed');
      const updated: UserRow = {
        ...user,
        firstName: body.firstName !== undefined ? body.firstName : user.firstName,
        lastName: body.lastName !== undefined ? body.lastName : user.lastName,
        displayName: body.displayName !== undefined ? body.displayName : user.displayName,
        email: body.email !== undefined ? body.email : user.email,
        tenantId: body.tenantId ?? user.tenantId,
        passwordHash: body.password !== undefined ? await hashPassword(body.password) : user.passwordHash,
      };
      await updateUser(db, updated);
      credentials.forgetUser(user.id);
      return userResponse(updated, urlsFor(rest, request));
    },
  );

  app.delete(
    `${prefix}/users/:userId`,
    {
      schema: {
        response: { 204: NoContent },
        tags: userTags,
        summary: 'Delete a user',
        params: IdParams('userId'),
      },
    },
    async (request, reply) => {
      if (!(await deleteUser(db, request.params.userId))) throw notFound('user', request.params.userId);
      credentials.forgetUser(request.params.userId);
      return reply.code(204).send();
    },
  );

  listRoutes(app, {
    item: Group,
    api,
    path: 'groups',
    tags: groupTags,
    what: 'groups',
    filters: groupFilters,
    sorts: sortsOf(groupSortNames),
    defaultSort: 'id',
    load: (_request, filter, page) => listGroups(db, filter, page),
    respond: (request, rows) => {
      const urls = urlsFor(rest, request);
      return rows.map((g) => groupResponse(g, urls));
    },
  });

  app.get(
    `${prefix}/groups/:groupId`,
    {
      schema: {
        response: { 200: Group },
        tags: groupTags,
        summary: 'Get a group',
        params: IdParams('groupId'),
      },
    },
    async (request) => groupResponse(await requireGroup(request.params.groupId), urlsFor(rest, request)),
  );

  app.post(
    `${prefix}/groups`,
    {
      schema: {
        response: { 201: Group, 409: ErrorBody },
        tags: groupTags,
        summary: 'Create a group',
        body: NewGroupBody,
      },
    },
    async (request, reply) => {
      const { id, name, type } = request.body;
      if (await getGroup(db, id))
        throw new WeirError('WEIR_CONFLICT', `A group with id '${id}' already exists.`);
      const group = { id, name: name ?? null, type: type ?? null };
      await insertGroup(db, group);
      return reply.code(201).send(groupResponse(group, urlsFor(rest, request)));
    },
  );

  app.put(
    `${prefix}/groups/:groupId`,
    {
      schema: {
        response: { 200: Group },
        tags: groupTags,
        summary: 'Update a group',
        params: IdParams('groupId'),
        body: GroupChangesBody,
      },
    },
    async (request) => {
      const group = await requireGroup(request.params.groupId);
      const updated = {
        ...group,
        name: request.body.name !== undefined ? request.body.name : group.name,
        type: request.body.type !== undefined ? request.body.type : group.type,
      };
      await updateGroup(db, updated);
      return groupResponse(updated, urlsFor(rest, request));
    },
  );

  app.delete(
    `${prefix}/groups/:groupId`,
    {
      schema: {
        response: { 204: NoContent },
        tags: groupTags,
        summary: 'Delete a group',
        params: IdParams('groupId'),
      },
    },
    async (request, reply) => {
      if (!(await deleteGroup(db, request.params.groupId))) throw notFound('group', request.params.groupId);
      credentials.clear();
      return reply.code(204).send();
    },
  );

  app.post(
    `${prefix}/groups/:groupId/members`,
    {
      schema: {
        response: { 201: Membership, 409: ErrorBody },
        tags: groupTags,
        summary: 'Add a member to a group',
        params: IdParams('groupId'),
        body: Type.Object({ userId: Type.String() }, { additionalProperties: false }),
      },
    },
    async (request, reply) => {
      const group = await requireGroup(request.params.groupId);
      const user = await requireUser(request.body.userId);
      if (!(await addMembership(db, group.id, user.id))) {
        throw new WeirError('WEIR_CONFLICT', `User '${user.id}' is already part of group '${group.id}'.`);
      }
      credentials.forgetUser(user.id);
      return reply.code(201).send({
        userId: user.id,
        groupId: group.id,
        url: urlsFor(rest, request)(`${api}/groups/%s/members/%s`, group.id, user.id),
      });
    },
  );

  app.delete(
    `${prefix}/groups/:groupId/members/:userId`,
    {
      schema: {
        response: { 204: NoContent },
        tags: groupTags,
        summary: 'Remove a member from a group',
        params: IdParams('groupId', 'userId'),
      },
    },
    async (request, reply) => {
      const { groupId, userId } = request.params;
      if (!(await removeMembership(db, groupId, userId))) {
        throw new WeirError('WEIR_NOT_FOUND', `User '${userId}' is not part of group '${groupId}'.`);
      }
      credentials.forgetUser(userId);
      return reply.code(204).send();
    },
  );
};
