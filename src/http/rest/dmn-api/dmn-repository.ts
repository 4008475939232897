/**
 * `/dmn-api/dmn-repository`: DMN deployments (multipart upload of `.dmn` files, list, get,
 * delete, resource content) and decisions (list, get, resource content; `decision-tables` is
 * Flowable's older name for the same resources). Reads are for every REST user, as the process
 * repository's are; deploying and deleting for deployers.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { deployDecisions, undeployDecisions } from '../../../dmn/dmn-commands.ts';
import { decisionSorts, listDecisions } from '../../../persistence/dmn-queries-sql.ts';
import { getDmnResource } from '../../../persistence/dmn-sql.ts';
import { sendAsDownload } from '../../hardening/downloads.ts';
import { childDeploymentRoutes } from '../child-deployment-routes.ts';
import { IdParams, notFound, urlsFor, type RestContext } from '../context.ts';
import { Bool, Int, listRoutes, Str } from '../list-route.ts';
import { decisionResponse } from './dmn-responses.ts';
import { requireDecision } from './dmn-decision-views.ts';
import { FileAnswer } from '../schemas/common.ts';
import { Decision } from '../schemas/dmn.ts';

const tags = ['DMN Repository'];
const R = '/dmn-api/dmn-repository';

const decisionFilters = {
  category: Str(),
  categoryLike: Str(),
  categoryNotEquals: Str(),
  key: Str(),
  keyLike: Str(),
  name: Str(),
  nameLike: Str(),
  resourceName: Str(),
  resourceNameLike: Str(),
  version: Int(),
  deploymentId: Str(),
  parentDeploymentId: Str(),
  decisionType: Str('decision_table, decision_service or literal_expression'),
  decisionTypeLike: Str(),
  tenantId: Str(),
  tenantIdLike: Str(),
  withoutTenantId: Bool(),
  latest: Bool(),
};

export const dmnRepositoryRoutes: FastifyPluginAsyncTypebox<{ rest: RestContext }> = async (
  app,
  { rest },
) => {
  const { engine, db } = rest;

  await app.register(childDeploymentRoutes, {
    rest,
    api: {
      engine: 'dmn',
      api: 'dmn-api',
      repository: 'dmn-repository',
      tags,
      what: 'DMN',
      objects: 'decisions',
      fileKind: '.dmn',
      resourceType: 'text/xml',
      getResource: (deploymentId, name) => getDmnResource(db, deploymentId, name),
      deploy: (input, by) => deployDecisions(engine, input, by),
      undeploy: (deploymentId, by) => undeployDecisions(engine, deploymentId, by),
    },
  });

  for (const family of ['decisions', 'decision-tables'] as const) {
    listRoutes(app, {
      item: Decision,
      api: 'dmn-api',
      path: `dmn-repository/${family}`,
      tags,
      what: family === 'decisions' ? 'decisions' : 'decision tables',
      filters: decisionFilters,
      sorts: decisionSorts,
      defaultSort: 'id',
      // `decision-tables` is Flowable's deprecated name of the same list: every decision
      load: (_request, filter, page) => listDecisions(db, filter, page),
      respond: (request, rows) => rows.map((d) => decisionResponse(d, urlsFor(rest, request))),
    });

    const params = IdParams('decisionId');

    app.get(
      `${R}/${family}/:decisionId`,
      {
        schema: {
          response: { 200: Decision },
          tags,
          summary: `Get a ${family === 'decisions' ? 'decision' : 'decision table'}`,
          params,
        },
      },
      async (request) =>
        decisionResponse(await requireDecision(db, request.params.decisionId), urlsFor(rest, request)),
    );

    app.get(
      `${R}/${family}/:decisionId/resourcedata`,
      {
        schema: {
          response: { 200: FileAnswer('The DMN XML', ['text/xml']) },
          tags,
          summary: 'Get the DMN file that defines it',
          params,
        },
      },
      async (request, reply) => {
        const decision = await requireDecision(db, request.params.decisionId);
        const content = await getDmnResource(db, decision.deploymentId, decision.resourceName);
        if (!content) throw notFound('resource', decision.resourceName);
        return sendAsDownload(reply, decision.resourceName, 'text/xml', content);
      },
    );
  }
};
