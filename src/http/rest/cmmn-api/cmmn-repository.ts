/**
 * `/cmmn-api/cmmn-repository`: case deployments (the routes the form and DMN engines share, plus
 * the resource list) and case definitions with their resource data; the case engine's info.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { WeirError } from '../../../errors.ts';
import { deployCases, isCmmnResource, undeployCases } from '../../../cmmn/index.ts';
import { getCaseDefinition, getCmmnResource, listCmmnResourceNames } from '../../../persistence/cmmn-sql.ts';
import { getChildDeployment } from '../../../persistence/child-deployments-sql.ts';
import { caseDefinitionSorts, listCaseDefinitions } from '../../../persistence/cmmn-rest-sql.ts';
import { sendAsDownload } from '../../hardening/downloads.ts';
import { childDeploymentRoutes } from '../child-deployment-routes.ts';
import { IdParams, notFound, urlsFor, type RestContext, type Urls } from '../context.ts';
import { Bool, Int, listRoutes, Str } from '../list-route.ts';
import { EngineInfo, FileAnswer } from '../schemas/common.ts';
import { CaseDefinition, CaseDeploymentResource } from '../schemas/cmmn.ts';
import { caseDefinitionResponse } from './cmmn-responses.ts';
import { caseStartableFilter } from '../../../cmmn/case-starters.ts';

const tags = ['Case Deployments'];

const resourceResponse = (deploymentId: string, name: string, urls: Urls) => ({
  id: name,
  url: urls('cmmn-api/cmmn-repository/deployments/%s/resources/%s', deploymentId, name),
  contentUrl: urls('cmmn-api/cmmn-repository/deployments/%s/resourcedata/%s', deploymentId, name),
  mediaType: 'text/xml',
  type: isCmmnResource(name) ? ('caseDefinition' as const) : ('resource' as const),
});
const definitionTags = ['Case Definitions'];

const definitionFilters = {
  key: Str(),
  keyLike: Str(),
  name: Str(),
  nameLike: Str(),
  category: Str(),
  categoryLike: Str(),
  categoryNotEquals: Str(),
  deploymentId: Str(),
  resourceName: Str(),
  resourceNameLike: Str(),
  version: Int(),
  latest: Bool(),
  tenantId: Str(),
  tenantIdLike: Str(),
  withoutTenantId: Bool(),
  startableByUser: Str('Only case definitions this user may start'),
};

export const cmmnRepositoryRoutes: FastifyPluginAsyncTypebox<{ rest: RestContext }> = async (
  app,
  { rest },
) => {
  const { engine, db } = rest;

  await app.register(childDeploymentRoutes, {
    rest,
    api: {
      engine: 'cmmn',
      api: 'cmmn-api',
      repository: 'cmmn-repository',
      tags,
      what: 'case',
      objects: 'cases',
      fileKind: '.cmmn',
      resourceType: 'text/xml',
      getResource: (deploymentId, name) => getCmmnResource(db, deploymentId, name),
      deploy: (input, by) => deployCases(engine, input, by),
      undeploy: (deploymentId, by) => undeployCases(engine, deploymentId, by),
    },
  });

  app.get(
    '/cmmn-api/cmmn-repository/deployments/:deploymentId/resources',
    {
      schema: {
        response: { 200: Type.Array(CaseDeploymentResource) },
        tags,
        summary: 'List the resources of a case deployment',
        params: IdParams('deploymentId'),
      },
    },
    async (request) => {
      const { deploymentId } = request.params;
      if (!(await getChildDeployment(db, 'cmmn', deploymentId))) throw notFound('deployment', deploymentId);
      const urls = urlsFor(rest, request);
      return (await listCmmnResourceNames(db, deploymentId)).map((name) =>
        resourceResponse(deploymentId, name, urls),
      );
    },
  );

  app.get<{ Params: { deploymentId: string; '*': string } }>(
    '/cmmn-api/cmmn-repository/deployments/:deploymentId/resources/*',
    {
      schema: {
        response: { 200: CaseDeploymentResource },
        tags,
        summary: 'Get one resource of a case deployment (its name may hold slashes)',
      },
    },
    async (request) => {
      const { deploymentId } = request.params;
      const name = request.params['*'];
      if (!(await getChildDeployment(db, 'cmmn', deploymentId))) throw notFound('deployment', deploymentId);
      if (!(await getCmmnResource(db, deploymentId, name)))
        throw new WeirError(
          'WEIR_NOT_FOUND',
          `Could not find a resource with id '${name}' in deployment '${deploymentId}'.`,
        );
      return resourceResponse(deploymentId, name, urlsFor(rest, request));
    },
  );

  listRoutes(app, {
    item: CaseDefinition,
    api: 'cmmn-api',
    path: 'cmmn-repository/case-definitions',
    tags: definitionTags,
    what: 'case definitions',
    filters: definitionFilters,
    sorts: caseDefinitionSorts,
    defaultSort: 'id',
    load: async (_request, { startableByUser, ...filter }, page) =>
      listCaseDefinitions(db, { ...filter, ...(await caseStartableFilter(db, startableByUser)) }, page),
    respond: (request, rows) => rows.map((d) => caseDefinitionResponse(d, urlsFor(rest, request))),
  });

  const requireDefinition = async (id: string) => {
    const definition = await getCaseDefinition(db, id);
    if (!definition) throw notFound('case definition', id);
    return definition;
  };

  app.get(
    '/cmmn-api/cmmn-repository/case-definitions/:caseDefinitionId',
    {
      schema: {
        response: { 200: CaseDefinition },
        tags: definitionTags,
        summary: 'Get a case definition',
        params: IdParams('caseDefinitionId'),
      },
    },
    async (request) =>
      caseDefinitionResponse(
        await requireDefinition(request.params.caseDefinitionId),
        urlsFor(rest, request),
      ),
  );

  app.get(
    '/cmmn-api/cmmn-management/engine',
    { schema: { response: { 200: EngineInfo }, tags: ['Engine'], summary: 'Get case engine info' } },
    () => ({ name: 'default', version: rest.version, resourceUrl: null, exception: null }),
  );

  app.get(
    '/cmmn-api/cmmn-repository/case-definitions/:caseDefinitionId/resourcedata',
    {
      schema: {
        response: { 200: FileAnswer('The .cmmn file that defines the case', ['text/xml']) },
        tags: definitionTags,
        summary: 'Get the .cmmn file of a case definition',
        params: IdParams('caseDefinitionId'),
      },
    },
    async (request, reply) => {
      const definition = await requireDefinition(request.params.caseDefinitionId);
      const content = await getCmmnResource(db, definition.deploymentId, definition.resourceName);
      if (!content)
        throw new WeirError(
          'WEIR_NOT_FOUND',
          `Resource '${definition.resourceName}' of case definition '${definition.id}' is gone`,
        );
      return sendAsDownload(reply, definition.resourceName, 'text/xml', content);
    },
  );
};
