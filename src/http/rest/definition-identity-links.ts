/**
 * `/process-api/repository/process-definitions/{id}/identitylinks`: the candidate starters of a
 * process definition, Flowable's identity links of type `candidate` on a definition. They are
 * enforced: a definition with candidate starters is started only by them (and admins), and the
 * definition list's `startableByUser` filter reads them. Changing them is a deployer's right.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { Identity } from '../../persistence/identity-links-sql.ts';
import { privilegeNamesOfUser } from '../../persistence/idm-sql.ts';
import { PRIVILEGE_ADMIN, principalOf } from '../auth/basic-auth.ts';
import { identityOf, identityOfBody, linkNotFound } from './identity-link-args.ts';
import { urlsFor, type RestContext, type Urls } from './context.ts';
import { Link, NoContent, TextOrNull, type Answer } from './schemas/common.ts';

const tags = ['Process Definitions'];

const Id = Type.String({ minLength: 1, maxLength: 255 });
const LinkParams = Type.Object({
  processDefinitionId: Id,
  family: Type.Enum(['users', 'groups'], { description: "'users' or 'groups'" }),
  identityId: Id,
});
const LinkBody = Type.Object(
  {
    user: Type.Optional(Id),
    group: Type.Optional(Id),
    // Flowable ignores the type sent: a definition's links are always `candidate`
    type: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  },
  { additionalProperties: false },
);

const CandidateStarter = Type.Object({
  url: Link(),
  user: TextOrNull(),
  group: TextOrNull(),
  type: Type.Literal('candidate'),
});

const starterResponse = (
  definitionId: string,
  who: Identity,
  urls: Urls,
): Answer<typeof CandidateStarter> => ({
  url: urls(
    'process-api/repository/process-definitions/%s/identitylinks/%s/%s',
    definitionId,
    who.userId !== null ? 'users' : 'groups',
    who.userId ?? who.groupId ?? '',
  ),
  user: who.userId,
  group: who.groupId,
  type: 'candidate',
});

/**
 * The `startableByUser` filter of the definition list: nothing for an admin (who may start
 * every definition), else the candidate starters, copied from old definitions' models first.
 */
export const startableFilter = async (
  rest: RestContext,
  userId: string | undefined,
): Promise<{ startableByUser?: string }> => {
  if (userId === undefined) return {};
  if ((await privilegeNamesOfUser(rest.db, userId)).includes(PRIVILEGE_ADMIN)) return {};
  await rest.engine.seedAllCandidateStarters();
  return { startableByUser: userId };
};

export const definitionIdentityLinkRoutes: FastifyPluginAsyncTypebox<{ rest: RestContext }> = async (
  app,
  { rest },
) => {
  const { engine } = rest;
  const path = '/process-api/repository/process-definitions/:processDefinitionId/identitylinks';

  app.get(
    path,
    {
      schema: {
        response: { 200: Type.Array(CandidateStarter) },
        tags,
        summary: 'List the candidate starters of a process definition',
        params: Type.Object({ processDefinitionId: Id }),
      },
    },
    async (request) => {
      const { processDefinitionId } = request.params;
      const urls = urlsFor(rest, request);
      const starters = await engine.candidateStarters(processDefinitionId);
      return starters.map((s) => starterResponse(processDefinitionId, s, urls));
    },
  );

  app.post(
    path,
    {
      schema: {
        response: { 201: CandidateStarter },
        tags,
        summary: 'Add a candidate starter (user or group) to a process definition',
        params: Type.Object({ processDefinitionId: Id }),
        body: LinkBody,
      },
    },
    async (request, reply) => {
      const who = identityOfBody(request.body, {
        neither: 'A group or a user is required to create an identity link.',
        both: 'Only one of user or group can be used to create an identity link.',
      });
      const { processDefinitionId } = request.params;
      await engine.addCandidateStarter(processDefinitionId, who, principalOf(request));
      return reply.code(201).send(starterResponse(processDefinitionId, who, urlsFor(rest, request)));
    },
  );

  app.get(
    `${path}/:family/:identityId`,
    {
      schema: {
        response: { 200: CandidateStarter },
        tags,
        summary: 'Get one candidate starter of a process definition',
        params: LinkParams,
      },
    },
    async (request) => {
      const { processDefinitionId, family, identityId } = request.params;
      const who = identityOf(family, identityId);
      const starters = await engine.candidateStarters(processDefinitionId);
      if (!starters.some((s) => s.userId === who.userId && s.groupId === who.groupId)) throw linkNotFound();
      return starterResponse(processDefinitionId, who, urlsFor(rest, request));
    },
  );

  app.delete(
    `${path}/:family/:identityId`,
    {
      schema: {
        response: { 204: NoContent },
        tags,
        summary: 'Remove a candidate starter from a process definition',
        params: LinkParams,
      },
    },
    async (request, reply) => {
      const { processDefinitionId, family, identityId } = request.params;
      const who = identityOf(family, identityId);
      if (!(await engine.removeCandidateStarter(processDefinitionId, who, principalOf(request))))
        throw linkNotFound();
      return reply.code(204).send();
    },
  );
};
