/**
 * `/process-api/runtime/process-instances/{id}/identitylinks`: adding, reading and removing the
 * people involved in a process instance (the list itself is in `process-instances.ts`). A link
 * makes its user (or the members of its group) involved: the instance is visible to them and
 * `involvedUser` finds it. The starter is recorded on the instance itself and shown as a
 * `starter` link; it cannot be removed.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { requireVisibleInstance } from '../../engine/authorization.ts';
import type { IdentityLinkRow } from '../../engine/runtime-types.ts';
import { instanceLinkOf } from '../../persistence/identity-links-sql.ts';
import {
  addInstanceIdentityLink,
  isRecordedStarter,
  removeInstanceIdentityLink,
} from '../../engine/instance-links.ts';
import { loadInstance } from '../../persistence/runtime-reads-sql.ts';
import { principalOf } from '../auth/basic-auth.ts';
import {
  LinkBody,
  LinkId,
  identityOf,
  identityOfBody,
  linkBodyMessages,
  linkNotFound,
  linkPathParts,
} from './identity-link-args.ts';
import { notFound, urlsFor, type RestContext, type Urls } from './context.ts';
import { NoContent, type Answer } from './schemas/common.ts';
import { InstanceIdentityLink } from './schemas/runtime.ts';

const tags = ['Process Instance Identity Links'];

const LinkParams = Type.Object({ processInstanceId: LinkId, ...linkPathParts });

/** Flowable's RestIdentityLink of an instance link. */
export const instanceLinkResponse = (
  instanceId: string,
  link: Pick<IdentityLinkRow, 'userId' | 'groupId' | 'type'>,
  urls: Urls,
): Answer<typeof InstanceIdentityLink> => ({
  url: urls(
    'process-api/runtime/process-instances/%s/identitylinks/%s/%s/%s',
    instanceId,
    link.userId !== null ? 'users' : 'groups',
    link.userId ?? link.groupId ?? '',
    link.type,
  ),
  user: link.userId,
  group: link.groupId,
  type: link.type,
});

/** The starter, recorded on the instance row, as the link Flowable keeps for it. */
export const instanceIdentityLinkRoutes: FastifyPluginAsyncTypebox<{ rest: RestContext }> = async (
  app,
  { rest },
) => {
  const { db, engine } = rest;
  const path = '/process-api/runtime/process-instances/:processInstanceId/identitylinks';

  app.post(
    path,
    {
      schema: {
        response: { 201: InstanceIdentityLink },
        tags,
        summary: 'Involve a user or group in a process instance',
        params: Type.Object({ processInstanceId: LinkId }),
        body: LinkBody,
      },
    },
    async (request, reply) => {
      const { type } = request.body;
      const who = identityOfBody(request.body, linkBodyMessages);
      const link = await addInstanceIdentityLink(
        engine,
        request.params.processInstanceId,
        who,
        type,
        principalOf(request),
      );
      const urls = urlsFor(rest, request);
      return reply.code(201).send(instanceLinkResponse(request.params.processInstanceId, link, urls));
    },
  );

  app.get(
    `${path}/:family/:identityId/:type`,
    {
      schema: {
        response: { 200: InstanceIdentityLink },
        tags,
        summary: 'Get one identity link of a process instance',
        params: LinkParams,
      },
    },
    async (request) => {
      const { processInstanceId, family, identityId, type } = request.params;
      await requireVisibleInstance(db, principalOf(request), processInstanceId);
      const instance = await loadInstance(db, processInstanceId);
      if (!instance) throw notFound('process instance', processInstanceId);
      const who = identityOf(family, identityId);
      const found =
        isRecordedStarter(instance, who, type) || (await instanceLinkOf(db, instance.id, { ...who, type }));
      if (!found) throw linkNotFound();
      return instanceLinkResponse(instance.id, { ...who, type }, urlsFor(rest, request));
    },
  );

  app.delete(
    `${path}/:family/:identityId/:type`,
    {
      schema: {
        response: { 204: NoContent },
        tags,
        summary: 'Remove an identity link from a process instance',
        params: LinkParams,
      },
    },
    async (request, reply) => {
      const { processInstanceId, family, identityId, type } = request.params;
      const who = identityOf(family, identityId);
      await removeInstanceIdentityLink(engine, processInstanceId, who, type, principalOf(request));
      return reply.code(204).send();
    },
  );
};
