/**
 * `/idm-api`: users, groups, memberships and privileges. Reads need `access-rest-api`, writes `access-admin`.
 * The same users and groups routes are registered a second time under `/process-api/identity`
 * (Flowable's process-API identity service, same shapes); privileges exist under `/idm-api` only.
 */
import type { FastifyPluginAsync } from 'fastify';
import { WeirError } from '../../errors.ts';
import {
  addMembership,
  deleteGroup,
  deleteUser,
  getGroup,
  getPrivilege,
  getUser,
  grantPrivilege,
  groupSortNames,
  groupsWithPrivilege,
  insertGroup,
  insertUser,
  listGroups,
  listPrivileges,
  listUsers,
  removeMembership,
  revokePrivilege,
  updateGroup,
  updateUser,
  userSortNames,
  usersWithPrivilege,
  type GroupRow,
  type UserFilter,
  type UserRow,
} from '../../persistence/idm-sql.ts';
import { hashPassword } from '../auth/passwords.ts';
import { idParams, notFound, urlsFor, type RestContext, type Urls } from './context.ts';
import { envelope, listQuerySchema, readPage, type PagingInput } from './paging.ts';

const str = { type: 'string' } as const;
const nullableString = { type: ['string', 'null'] } as const;
const sortsOf = (names: readonly string[]) => Object.fromEntries(names.map((n) => [n, n]));

const userResponseOf = (api: IdentityApi) => (u: UserRow, urls: Urls) => ({
  id: u.id,
  firstName: u.firstName,
  lastName: u.lastName,
  displayName: u.displayName ?? ([u.firstName, u.lastName].filter(Boolean).join(' ') || u.id),
  email: u.email,
  tenantId: u.tenantId,
  url: urls(`${api}/users/%s`, u.id),
  pictureUrl: u.hasPicture ? urls('process-api/identity/users/%s/picture', u.id) : null,
});

const groupResponseOf = (api: IdentityApi) => (g: GroupRow, urls: Urls) => ({
  id: g.id,
  name: g.name,
  type: g.type,
  url: urls(`${api}/groups/%s`, g.id),
});

const userBody = (required: string[]) => ({
  type: 'object',
  required,
  additionalProperties: false,
  properties: {
    id: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[^:\\s]+$' },
    firstName: nullableString,
    lastName: nullableString,
    displayName: nullableString,
    email: nullableString,
    password: { type: 'string', minLength: 1 },
    tenantId: nullableString,
  },
});

interface UserBody {
  id?: string;
  firstName?: string | null;
  lastName?: string | null;
  displayName?: string | null;
  email?: string | null;
  password?: string;
  tenantId?: string | null;
}

/** Where the users and groups routes are mounted. */
export type IdentityApi = 'idm-api' | 'process-api/identity';

export const idmRoutes: FastifyPluginAsync<{ rest: RestContext; api?: IdentityApi }> = async (
  app,
  { rest, api = 'idm-api' },
) => {
  const { db, credentials } = rest;
  const prefix = `/${api}`;
  const userResponse = userResponseOf(api);
  const groupResponse = groupResponseOf(api);
  const userTags = ['Users'];
  const groupTags = ['Groups'];
  const privilegeTags = ['Privileges'];

  const requireUser = async (id: string) => (await getUser(db, id)) ?? Promise.reject(notFound('user', id));
  const requireGroup = async (id: string) =>
    (await getGroup(db, id)) ?? Promise.reject(notFound('group', id));
  const requirePrivilege = async (id: string) =>
    (await getPrivilege(db, id)) ?? Promise.reject(notFound('privilege', id));

  app.get<{ Querystring: PagingInput & UserFilter }>(
    `${prefix}/users`,
    {
      schema: {
        tags: userTags,
        summary: 'List users',
        querystring: listQuerySchema({
          id: str,
          firstName: str,
          lastName: str,
          email: str,
          firstNameLike: str,
          lastNameLike: str,
          emailLike: str,
          memberOfGroup: str,
          displayName: str,
          displayNameLike: str,
          tenantId: str,
        }),
      },
    },
    async (request) => {
      const page = readPage(request.query, sortsOf(userSortNames), 'id');
      const { rows, total } = await listUsers(db, request.query, page);
      const urls = urlsFor(rest, request);
      return envelope(
        rows.map((u) => userResponse(u, urls)),
        total,
        page,
      );
    },
  );

  app.get<{ Params: { userId: string } }>(
    `${prefix}/users/:userId`,
    { schema: { tags: userTags, summary: 'Get a user', params: idParams('userId') } },
    async (request) => userResponse(await requireUser(request.params.userId), urlsFor(rest, request)),
  );

  app.post<{ Body: UserBody & { id: string; password: string } }>(
    `${prefix}/users`,
    { schema: { tags: userTags, summary: 'Create a user', body: userBody(['id', 'password']) } },
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

  app.put<{ Params: { userId: string }; Body: UserBody }>(
    `${prefix}/users/:userId`,
    { schema: { tags: userTags, summary: 'Update a user', params: idParams('userId'), body: userBody([]) } },
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

  app.delete<{ Params: { userId: string } }>(
    `${prefix}/users/:userId`,
    { schema: { tags: userTags, summary: 'Delete a user', params: idParams('userId') } },
    async (request, reply) => {
      if (!(await deleteUser(db, request.params.userId))) throw notFound('user', request.params.userId);
      credentials.forgetUser(request.params.userId);
      return reply.code(204).send();
    },
  );

  app.get<{
    Querystring: PagingInput & {
      id?: string;
      name?: string;
      nameLike?: string;
      type?: string;
      member?: string;
    };
  }>(
    `${prefix}/groups`,
    {
      schema: {
        tags: groupTags,
        summary: 'List groups',
        querystring: listQuerySchema({ id: str, name: str, nameLike: str, type: str, member: str }),
      },
    },
    async (request) => {
      const page = readPage(request.query, sortsOf(groupSortNames), 'id');
      const { rows, total } = await listGroups(db, request.query, page);
      const urls = urlsFor(rest, request);
      return envelope(
        rows.map((g) => groupResponse(g, urls)),
        total,
        page,
      );
    },
  );

  app.get<{ Params: { groupId: string } }>(
    `${prefix}/groups/:groupId`,
    { schema: { tags: groupTags, summary: 'Get a group', params: idParams('groupId') } },
    async (request) => groupResponse(await requireGroup(request.params.groupId), urlsFor(rest, request)),
  );

  const groupBody = (required: string[]) => ({
    type: 'object',
    required,
    additionalProperties: false,
    properties: {
      id: { type: 'string', minLength: 1, maxLength: 255 },
      name: nullableString,
      type: nullableString,
    },
  });

  app.post<{ Body: { id: string; name?: string | null; type?: string | null } }>(
    `${prefix}/groups`,
    { schema: { tags: groupTags, summary: 'Create a group', body: groupBody(['id']) } },
    async (request, reply) => {
      const { id, name, type } = request.body;
      if (await getGroup(db, id))
        throw new WeirError('WEIR_CONFLICT', `A group with id '${id}' already exists.`);
      const group = { id, name: name ?? null, type: type ?? null };
      await insertGroup(db, group);
      return reply.code(201).send(groupResponse(group, urlsFor(rest, request)));
    },
  );

  app.put<{ Params: { groupId: string }; Body: { id?: string; name?: string | null; type?: string | null } }>(
    `${prefix}/groups/:groupId`,
    {
      schema: {
        tags: groupTags,
        summary: 'Update a group',
        params: idParams('groupId'),
        body: groupBody([]),
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

  app.delete<{ Params: { groupId: string } }>(
    `${prefix}/groups/:groupId`,
    { schema: { tags: groupTags, summary: 'Delete a group', params: idParams('groupId') } },
    async (request, reply) => {
      if (!(await deleteGroup(db, request.params.groupId))) throw notFound('group', request.params.groupId);
      credentials.clear();
      return reply.code(204).send();
    },
  );

  app.post<{ Params: { groupId: string }; Body: { userId: string } }>(
    `${prefix}/groups/:groupId/members`,
    {
      schema: {
        tags: groupTags,
        summary: 'Add a member to a group',
        params: idParams('groupId'),
        body: {
          type: 'object',
          required: ['userId'],
          additionalProperties: false,
          properties: { userId: str },
        },
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

  app.delete<{ Params: { groupId: string; userId: string } }>(
    `${prefix}/groups/:groupId/members/:userId`,
    {
      schema: {
        tags: groupTags,
        summary: 'Remove a member from a group',
        params: idParams('groupId', 'userId'),
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

  // Privileges are an /idm-api resource only (Flowable's process API has none).
  if (api !== 'idm-api') return;

  app.get<{ Querystring: { id?: string; name?: string; userId?: string; groupId?: string } }>(
    '/idm-api/privileges',
    {
      schema: {
        tags: privilegeTags,
        summary: 'List privileges',
        querystring: { type: 'object', properties: { id: str, name: str, userId: str, groupId: str } },
      },
    },
    async (request) => {
      const rows = await listPrivileges(db, request.query);
      return envelope(rows, rows.length, { start: 0, size: rows.length, sort: 'name', order: 'asc' });
    },
  );

  app.get<{ Params: { privilegeId: string } }>(
    '/idm-api/privileges/:privilegeId',
    { schema: { tags: privilegeTags, summary: 'Get a privilege', params: idParams('privilegeId') } },
    async (request) => requirePrivilege(request.params.privilegeId),
  );

  app.get<{ Params: { privilegeId: string } }>(
    '/idm-api/privileges/:privilegeId/users',
    {
      schema: { tags: privilegeTags, summary: 'Users granted a privilege', params: idParams('privilegeId') },
    },
    async (request) => {
      const privilege = await requirePrivilege(request.params.privilegeId);
      const urls = urlsFor(rest, request);
      return (await usersWithPrivilege(db, privilege.id)).map((u) => userResponse(u, urls));
    },
  );

  app.get<{ Params: { privilegeId: string } }>(
    '/idm-api/privileges/:privilegeId/groups',
    {
      schema: { tags: privilegeTags, summary: 'Groups granted a privilege', params: idParams('privilegeId') },
    },
    async (request) => {
      const privilege = await requirePrivilege(request.params.privilegeId);
      const urls = urlsFor(rest, request);
      return (await groupsWithPrivilege(db, privilege.id)).map((g) => groupResponse(g, urls));
    },
  );

  app.post<{ Params: { privilegeId: string }; Body: { userId: string } }>(
    '/idm-api/privileges/:privilegeId/users',
    {
      schema: {
        tags: privilegeTags,
        summary: 'Grant a privilege to a user',
        params: idParams('privilegeId'),
        body: {
          type: 'object',
          required: ['userId'],
          additionalProperties: false,
          properties: { userId: str },
        },
      },
    },
    async (request, reply) => {
      const privilege = await requirePrivilege(request.params.privilegeId);
      const user = await requireUser(request.body.userId);
      await grantPrivilege(db, privilege.id, { userId: user.id });
      credentials.forgetUser(user.id);
      return reply.code(201).send({ privilegeId: privilege.id, userId: user.id });
    },
  );

  app.post<{ Params: { privilegeId: string }; Body: { groupId: string } }>(
    '/idm-api/privileges/:privilegeId/groups',
    {
      schema: {
        tags: privilegeTags,
        summary: 'Grant a privilege to a group (every member has it)',
        params: idParams('privilegeId'),
        body: {
          type: 'object',
          required: ['groupId'],
          additionalProperties: false,
          properties: { groupId: str },
        },
      },
    },
    async (request, reply) => {
      const privilege = await requirePrivilege(request.params.privilegeId);
      const group = await requireGroup(request.body.groupId);
      await grantPrivilege(db, privilege.id, { groupId: group.id });
      credentials.clear();
      return reply.code(201).send({ privilegeId: privilege.id, groupId: group.id });
    },
  );

  app.delete<{ Params: { privilegeId: string; userId: string } }>(
    '/idm-api/privileges/:privilegeId/users/:userId',
    {
      schema: {
        tags: privilegeTags,
        summary: 'Revoke a privilege from a user',
        params: idParams('privilegeId', 'userId'),
      },
    },
    async (request, reply) => {
      const privilege = await requirePrivilege(request.params.privilegeId);
      if (!(await revokePrivilege(db, privilege.id, { userId: request.params.userId }))) {
        throw new WeirError(
          'WEIR_NOT_FOUND',
          `User '${request.params.userId}' does not have privilege '${privilege.name}'.`,
        );
      }
      credentials.forgetUser(request.params.userId);
      return reply.code(204).send();
    },
  );

  app.delete<{ Params: { privilegeId: string; groupId: string } }>(
    '/idm-api/privileges/:privilegeId/group/:groupId',
    {
      schema: {
        tags: privilegeTags,
        summary: 'Revoke a privilege from a group',
        params: idParams('privilegeId', 'groupId'),
      },
    },
    async (request, reply) => {
      const privilege = await requirePrivilege(request.params.privilegeId);
      if (!(await revokePrivilege(db, privilege.id, { groupId: request.params.groupId }))) {
        throw new WeirError(
          'WEIR_NOT_FOUND',
          `Group '${request.params.groupId}' does not have privilege '${privilege.name}'.`,
        );
      }
      credentials.clear();
      return reply.code(204).send();
    },
  );
};
