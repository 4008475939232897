/**
 * The people involved in a case instance: `/cmmn-api/cmmn-runtime/case-instances/{id}/identitylinks`
 * (list, add, read one, remove) and `/cmmn-api/cmmn-history/historic-case-instances/{id}/identitylinks`
 * (the same people, also once the case has ended). A link makes its user (or the members of its
 * group) involved: the case is visible to them. The starter is recorded on the case itself and
 * shown as a `starter` link first, as Flowable shows the one it keeps; it cannot be removed.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { FastifyRequest } from 'fastify';
import {
  addCaseIdentityLink,
  isCaseStarter,
  removeCaseIdentityLink,
  requireVisibleCase,
} from '../../../cmmn/index.ts';
import { caseLinksOf, type CaseLinkRow } from '../../../persistence/case-links-sql.ts';
import { getHistoricCase, getRunningCase } from '../../../persistence/cmmn-rest-sql.ts';
import { principalOf } from '../../auth/basic-auth.ts';
import {
  LinkBody,
  LinkId,
  identityOf,
  identityOfBody,
  linkBodyMessages,
  linkNotFound,
  linkPathParts,
} from '../identity-link-args.ts';
import { notFound, urlsFor, type RestContext, type Urls } from '../context.ts';
import { NoContent, type Answer } from '../schemas/common.ts';
import { CaseIdentityLink, HistoricCaseIdentityLink } from '../schemas/cmmn.ts';

const CaseParams = Type.Object({ caseInstanceId: LinkId });
const LinkParams = Type.Object({ caseInstanceId: LinkId, ...linkPathParts });

type Link = Pick<CaseLinkRow, 'userId' | 'groupId' | 'type'>;

const caseLinkResponse = (caseId: string, link: Link, urls: Urls): Answer<typeof CaseIdentityLink> => ({
  url: urls(
    'cmmn-api/cmmn-runtime/case-instances/%s/identitylinks/%s/%s/%s',
    caseId,
    link.userId !== null ? 'users' : 'groups',
    link.userId ?? link.groupId ?? '',
    link.type,
  ),
  user: link.userId,
  group: link.groupId,
  type: link.type,
});

/** The recorded starter (if any) first, then the case's links, oldest first. */
const peopleOf = (startUserId: string | null, links: readonly Link[]): Link[] => [
  ...(startUserId !== null ? [{ userId: startUserId, groupId: null, type: 'starter' }] : []),
  ...links,
];

export const cmmnCaseLinkRoutes: FastifyPluginAsyncTypebox<{ rest: RestContext }> = async (app, { rest }) => {
  const { db, engine } = rest;
  const tags = ['Case Instance Identity Links'];
  const path = '/cmmn-api/cmmn-runtime/case-instances/:caseInstanceId/identitylinks';

  const runningCase = async (request: FastifyRequest, id: string) => {
    await requireVisibleCase(db, principalOf(request), id);
    const row = await getRunningCase(db, id);
    if (!row) throw notFound('case instance', id);
    return row;
  };

  app.get(
    path,
    {
      schema: {
        response: { 200: Type.Array(CaseIdentityLink) },
        tags,
        summary: 'List the people involved in a case instance',
        params: CaseParams,
      },
    },
    async (request) => {
      const row = await runningCase(request, request.params.caseInstanceId);
      const urls = urlsFor(rest, request);
      return peopleOf(row.startUserId, await caseLinksOf(db, row.id, 'runtime')).map((l) =>
        caseLinkResponse(row.id, l, urls),
      );
    },
  );

  app.post(
    path,
    {
      schema: {
        response: { 201: CaseIdentityLink },
        tags,
        summary: 'Involve a user or group in a case instance',
        params: CaseParams,
        body: LinkBody,
      },
    },
    async (request, reply) => {
      const id = request.params.caseInstanceId;
      const who = identityOfBody(request.body, linkBodyMessages);
      const link = await addCaseIdentityLink(engine, id, who, request.body.type, principalOf(request));
      return reply.code(201).send(caseLinkResponse(id, link, urlsFor(rest, request)));
    },
  );

  app.get(
    `${path}/:family/:identityId/:type`,
    {
      schema: {
        response: { 200: CaseIdentityLink },
        tags,
        summary: 'Get one identity link of a case instance',
        params: LinkParams,
      },
    },
    async (request) => {
      const { caseInstanceId, family, identityId, type } = request.params;
      const row = await runningCase(request, caseInstanceId);
      const who = identityOf(family, identityId);
      const found =
        isCaseStarter(row.startUserId, who, type) ||
        (await caseLinksOf(db, row.id, 'runtime')).some(
          (l) => l.type === type && l.userId === who.userId && l.groupId === who.groupId,
        );
      if (!found) throw linkNotFound();
      return caseLinkResponse(row.id, { ...who, type }, urlsFor(rest, request));
    },
  );

  app.delete(
    `${path}/:family/:identityId/:type`,
    {
      schema: {
        response: { 204: NoContent },
        tags,
        summary: 'Remove an identity link from a case instance',
        params: LinkParams,
      },
    },
    async (request, reply) => {
      const { caseInstanceId, family, identityId, type } = request.params;
      const who = identityOf(family, identityId);
      await removeCaseIdentityLink(engine, caseInstanceId, who, type, principalOf(request));
      return reply.code(204).send();
    },
  );

  app.get(
    '/cmmn-api/cmmn-history/historic-case-instances/:caseInstanceId/identitylinks',
    {
      schema: {
        response: { 200: Type.Array(HistoricCaseIdentityLink) },
        tags: ['History Case'],
        summary: 'List the people involved in a case instance, running or ended',
        params: CaseParams,
      },
    },
    async (request) => {
      const id = request.params.caseInstanceId;
      await requireVisibleCase(db, principalOf(request), id);
      const row = await getHistoricCase(db, id);
      if (!row) throw notFound('historic case instance', id);
      const urls = urlsFor(rest, request);
      return peopleOf(row.startUserId, await caseLinksOf(db, id, 'history')).map((l) => ({
        type: l.type,
        userId: l.userId,
        groupId: l.groupId,
        taskId: null,
        taskUrl: null,
        caseInstanceId: id,
        caseInstanceUrl: urls('cmmn-api/cmmn-history/historic-case-instances/%s', id),
      }));
    },
  );
};
