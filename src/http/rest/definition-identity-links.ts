/**
 * `/process-api/repository/process-definitions/{id}/identitylinks`: the candidate starters of a
 * process definition, Flowable's identity links of type `candidate` on a definition. They are
 * enforced: a definition with candidate starters is started only by them (and admins), and the
 * definition list's `startableByUser` filter reads them. Changing them is a deployer's right.
 * The same routes serve a case definition's candidate starters under `/cmmn-api`
 * (cmmn/case-starters.ts), which mean the same for starting a case.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { Identity } from '../../persistence/identity-links-sql.ts';
import { privilegeNamesOfUser } from '../../persistence/idm-sql.ts';
import { PRIVILEGE_ADMIN, principalOf } from '../auth/basic-auth.ts';
import type { Principal } from '../../engine/authorization.ts';
import { identityOf, identityOfBody, linkNotFound } from './identity-link-args.ts';
import { urlsFor, type RestContext, type Urls } from './context.ts';
import { Link, NoContent, TextOrNull, type Answer } from './schemas/common.ts';

/**
 * Whose candidate starters the routes serve: a process definition's (the default) or a case
 * definition's (`/cmmn-api`), with the engine calls that read and change them.
 */
export interface StarterApi {
  /** the definition's path, e.g. `process-api/repository/process-definitions` */
  readonly definitions: string;
  /** the path parameter naming the definition */
  readonly param: 'processDefinitionId' | 'caseDefinitionId';
  readonly tags: readonly string[];
  /** the definition's noun in summaries */
  readonly what: string;
  readonly list: (definitionId: string) => Promise<readonly Identity[]>;
  readonly add: (definitionId: string, who: Identity, by: Principal) => Promise<void>;
  readonly remove: (definitionId: string, who: Identity, by: Principal) => Promise<boolean>;
}

const Id = Type.String({ minLength: 1, maxLength: 255 });
const definitionParams = (param: StarterApi['param']) =>
  Type.Object({ [param]: Id } as Record<string, typeof Id>);
const Family = Type.Enum(['users', 'groups'], { description: "'users' or 'groups'" });
const linkParams = (param: StarterApi['param']) =>
  Type.Object({ [param]: Id, family: Family, identityId: Id } as {
    family: typeof Family;
    identityId: typeof Id;
  });
/** The definition's id from the path (its parameter's name depends on the API). */
const definitionIdOf = (on: StarterApi, params: object): string =>
  (params as Record<string, string>)[on.param];
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
  on: StarterApi,
  definitionId: string,
  who: Identity,
  urls: Urls,
): Answer<typeof CandidateStarter> => ({
  url: urls(
    `${on.definitions}/%s/identitylinks/%s/%s`,
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

const processStarters = (rest: RestContext): StarterApi => ({
  definitions: 'process-api/repository/process-definitions',
  param: 'processDefinitionId',
  tags: ['Process Definitions'],
  what: 'process definition',
  list: (id) => rest.engine.candidateStarters(id),
  add: (id, who, by) => rest.engine.addCandidateStarter(id, who, by),
  remove: (id, who, by) => rest.engine.removeCandidateStarter(id, who, by),
});

export const definitionIdentityLinkRoutes: FastifyPluginAsyncTypebox<{
  rest: RestContext;
  on?: StarterApi;
}> = async (app, { rest, on = processStarters(rest) }) => {
  const path = `/${on.definitions}/:${on.param}/identitylinks`;
  const tags = [...on.tags];
  const DefinitionParams = definitionParams(on.param);
  const LinkParams = linkParams(on.param);

  app.get(
    path,
    {
      schema: {
        response: { 200: Type.Array(CandidateStarter) },
        tags,
        summary: `List the candidate starters of a ${on.what}`,
        params: DefinitionParams,
      },
    },
    async (request) => {
      const definitionId = definitionIdOf(on, request.params);
      const urls = urlsFor(rest, request);
      const starters = await on.list(definitionId);
      return starters.map((s) => starterResponse(on, definitionId, s, urls));
    },
  );

  app.post(
    path,
    {
      schema: {
        response: { 201: CandidateStarter },
        tags,
        summary: `Add a candidate starter (user or group) to a ${on.what}`,
        params: DefinitionParams,
        body: LinkBody,
      },
    },
    async (request, reply) => {
      const who = identityOfBody(request.body, {
        neither: 'A group or a user is required to create an identity link.',
        both: 'Only one of user or group can be used to create an identity link.',
      });
      const definitionId = definitionIdOf(on, request.params);
      await on.add(definitionId, who, principalOf(request));
      return reply.code(201).send(starterResponse(on, definitionId, who, urlsFor(rest, request)));
    },
  );

  app.get(
    `${path}/:family/:identityId`,
    {
      schema: {
        response: { 200: CandidateStarter },
        tags,
        summary: `Get one candidate starter of a ${on.what}`,
        params: LinkParams,
      },
    },
    async (request) => {
      const { family, identityId } = request.params;
      const definitionId = definitionIdOf(on, request.params);
      const who = identityOf(family, identityId);
      const starters = await on.list(definitionId);
      if (!starters.some((s) => s.userId === who.userId && s.groupId === who.groupId)) throw linkNotFound();
      return starterResponse(on, definitionId, who, urlsFor(rest, request));
    },
  );

  app.delete(
    `${path}/:family/:identityId`,
    {
      schema: {
        response: { 204: NoContent },
        tags,
        summary: `Remove a candidate starter from a ${on.what}`,
        params: LinkParams,
      },
    },
    async (request, reply) => {
      const { family, identityId } = request.params;
      const definitionId = definitionIdOf(on, request.params);
      const who = identityOf(family, identityId);
      if (!(await on.remove(definitionId, who, principalOf(request)))) throw linkNotFound();
      return reply.code(204).send();
    },
  );
};
