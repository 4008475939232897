/**
 * `/idm-api/privileges`: privileges and who holds them, directly or through a group. Reads need
 * `access-rest-api`, writes `access-admin`. Flowable's process API has no privileges resource.
 * Granting or revoking forgets the cached credentials it affects, so the next request of that
 * user is checked against the new grants on this node; other nodes follow when their cached
 * entry expires (30 s, credential-cache.ts).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { WeirError } from '../../errors.ts';
import {
  getGroup,
  getPrivilege,
  getUser,
  grantPrivilege,
  groupsWithPrivilege,
  listPrivileges,
  revokePrivilege,
  usersWithPrivilege,
} from '../../persistence/idm-sql.ts';
import { IdParams, notFound, urlsFor, type RestContext } from './context.ts';
import { groupResponseOf, userResponseOf } from './idm.ts';
import { Str } from './list-route.ts';
import { envelope } from './paging.ts';
import { ListOf, NoContent } from './schemas/common.ts';
import { Group, GroupPrivilege, Privilege, User, UserPrivilege } from './schemas/idm.ts';

export const idmPrivilegeRoutes: FastifyPluginAsyncTypebox<{ rest: RestContext }> = async (app, { rest }) => {
  const { db, credentials } = rest;
  const userResponse = userResponseOf('idm-api');
  const groupResponse = groupResponseOf('idm-api');
  const privilegeTags = ['Privileges'];

  const requireUser = async (id: string) => (await getUser(db, id)) ?? Promise.reject(notFound('user', id));
  const requireGroup = async (id: string) =>
    (await getGroup(db, id)) ?? Promise.reject(notFound('group', id));
  const requirePrivilege = async (id: string) =>
    (await getPrivilege(db, id)) ?? Promise.reject(notFound('privilege', id));

  app.get(
    '/idm-api/privileges',
    {
      schema: {
        response: { 200: ListOf(Privilege) },
        tags: privilegeTags,
        summary: 'List privileges',
        querystring: Type.Object({ id: Str(), name: Str(), userId: Str(), groupId: Str() }),
      },
    },
    async (request) => {
      const rows = await listPrivileges(db, request.query);
      return envelope(rows, rows.length, { start: 0, size: rows.length, sort: 'name', order: 'asc' });
    },
  );

  app.get(
    '/idm-api/privileges/:privilegeId',
    {
      schema: {
        response: { 200: Privilege },
        tags: privilegeTags,
        summary: 'Get a privilege',
        params: IdParams('privilegeId'),
      },
    },
    async (request) => requirePrivilege(request.params.privilegeId),
  );

  app.get(
    '/idm-api/privileges/:privilegeId/users',
    {
      schema: {
        response: { 200: Type.Array(User) },
        tags: privilegeTags,
        summary: 'Users granted a privilege',
        params: IdParams('privilegeId'),
      },
    },
    async (request) => {
      const privilege = await requirePrivilege(request.params.privilegeId);
      const urls = urlsFor(rest, request);
      return (await usersWithPrivilege(db, privilege.id)).map((u) => userResponse(u, urls));
    },
  );

  app.get(
    '/idm-api/privileges/:privilegeId/groups',
    {
      schema: {
        response: { 200: Type.Array(Group) },
        tags: privilegeTags,
        summary: 'Groups granted a privilege',
        params: IdParams('privilegeId'),
      },
    },
    async (request) => {
      const privilege = await requirePrivilege(request.params.privilegeId);
      const urls = urlsFor(rest, request);
      return (await groupsWithPrivilege(db, privilege.id)).map((g) => groupResponse(g, urls));
    },
  );

  app.post(
    '/idm-api/privileges/:privilegeId/users',
    {
      schema: {
        response: { 201: UserPrivilege },
        tags: privilegeTags,
        summary: 'Grant a privilege to a user',
        params: IdParams('privilegeId'),
        body: Type.Object({ userId: Type.String() }, { additionalProperties: false }),
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

  app.post(
    '/idm-api/privileges/:privilegeId/groups',
    {
      schema: {
        response: { 201: GroupPrivilege },
        tags: privilegeTags,
        summary: 'Grant a privilege to a group (every member has it)',
        params: IdParams('privilegeId'),
        body: Type.Object({ groupId: Type.String() }, { additionalProperties: false }),
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

  app.delete(
    '/idm-api/privileges/:privilegeId/users/:userId',
    {
      schema: {
        response: { 204: NoContent },
        tags: privilegeTags,
        summary: 'Revoke a privilege from a user',
        params: IdParams('privilegeId', 'userId'),
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

  app.delete(
    '/idm-api/privileges/:privilegeId/group/:groupId',
    {
      schema: {
        response: { 204: NoContent },
        tags: privilegeTags,
        summary: 'Revoke a privilege from a group',
        params: IdParams('privilegeId', 'groupId'),
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
