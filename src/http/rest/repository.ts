/** `/process-api/repository`: deployments (multipart upload, list, get, delete, resources) and process definitions. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { WeirError } from '../../errors.ts';
import { getDeployment, getProcessDefinition, getResource } from '../../persistence/repository-sql.ts';
import {
  definitionSorts,
  deploymentSorts,
  listDeployments,
  listProcessDefinitions,
  resourcesOfDeployment,
} from '../../persistence/rest-repository-sql.ts';
import { principalOf } from '../auth/basic-auth.ts';
import { startableFilter } from './definition-identity-links.ts';
import { listProcessInstances } from '../../persistence/rest-runtime-sql.ts';
import { sendAsDownload } from '../hardening/downloads.ts';
import { readDeploymentUpload } from './deployment-upload.ts';
import {
  ActionBody,
  IdParams,
  notFound,
  NullableStr,
  parseDate,
  urlsFor,
  type RestContext,
} from './context.ts';
import { Bool, Int, listRoutes, Str } from './list-route.ts';
import { definitionResponse, deploymentResponse, resourceMediaType, resourceResponse } from './responses.ts';
import { Deployment, DeploymentResource, ProcessDefinition } from './schemas/repository.ts';
import { FileAnswer, NoContent } from './schemas/common.ts';

const tags = ['Repository'];

const deploymentFilters = {
  name: Str(),
  nameLike: Str(),
  category: Str(),
  categoryNotEquals: Str(),
  parentDeploymentId: Str(),
  tenantId: Str(),
  tenantIdLike: Str(),
  withoutTenantId: Bool(),
};

const definitionFilters = {
  key: Str(),
  keyLike: Str(),
  name: Str(),
  nameLike: Str(),
  version: Int(),
  category: Str(),
  categoryLike: Str(),
  categoryNotEquals: Str(),
  deploymentId: Str(),
  resourceName: Str(),
  resourceNameLike: Str(),
  latest: Bool(),
  suspended: Bool(),
  tenantId: Str(),
  tenantIdLike: Str(),
  withoutTenantId: Bool(),
  startableByUser: Str('Only definitions this user may start'),
};

export const repositoryRoutes: FastifyPluginAsyncTypebox<{ rest: RestContext }> = async (app, { rest }) => {
  const { engine, db } = rest;

  app.post(
    '/process-api/repository/deployments',
    {
      schema: {
        response: { 201: Deployment },
        tags,
        summary: 'Create a deployment from one or more uploaded files (multipart/form-data)',
        consumes: ['multipart/form-data'],
      },
    },
    async (request, reply) => {
      if (!request.isMultipart()) {
        throw new WeirError(
          'WEIR_UNSUPPORTED_MEDIA_TYPE',
          'A deployment is created with a multipart/form-data upload',
        );
      }
      const { resources, fields } = await readDeploymentUpload(request, rest.limits);
      if (resources.length === 0)
        throw new WeirError('WEIR_ILLEGAL_ARGUMENT', 'No file content was found in request body.');
      const result = await engine.deploy(
        {
          name: fields.deploymentName ?? resources[0].name,
          key: fields.deploymentKey ?? null,
          category: fields.category ?? null,
          tenantId: fields.tenantId ?? '',
          resources,
          enableDuplicateFiltering: fields.enableDuplicateFiltering === 'true',
        },
        principalOf(request),
      );
      return reply.code(201).send(deploymentResponse(result.deployment, urlsFor(rest, request)));
    },
  );

  listRoutes(app, {
    item: Deployment,
    path: 'repository/deployments',
    tags,
    what: 'deployments',
    filters: deploymentFilters,
    sorts: deploymentSorts,
    defaultSort: 'id',
    load: (_request, filter, page) => listDeployments(db, filter, page),
    respond: (request, rows) => {
      const urls = urlsFor(rest, request);
      return rows.map((d) => deploymentResponse(d, urls));
    },
  });

  app.get(
    '/process-api/repository/deployments/:deploymentId',
    {
      schema: {
        response: { 200: Deployment },
        tags,
        summary: 'Get a deployment',
        params: IdParams('deploymentId'),
      },
    },
    async (request) => {
      const deployment = await getDeployment(db, request.params.deploymentId);
      if (!deployment) throw notFound('deployment', request.params.deploymentId);
      return deploymentResponse(deployment, urlsFor(rest, request));
    },
  );

  app.delete(
    '/process-api/repository/deployments/:deploymentId',
    {
      schema: {
        response: { 204: NoContent },
        tags,
        summary: 'Delete a deployment; cascade=true also deletes its running instances and their history',
        params: IdParams('deploymentId'),
        querystring: Type.Object({ cascade: Bool() }),
      },
    },
    async (request, reply) => {
      const { deploymentId } = request.params;
      await engine.deleteDeployment(deploymentId, request.query.cascade === true, principalOf(request));
      return reply.code(204).send();
    },
  );

  app.get(
    '/process-api/repository/deployments/:deploymentId/resources',
    {
      schema: {
        response: { 200: Type.Array(DeploymentResource) },
        tags,
        summary: 'List the resources of a deployment',
        params: IdParams('deploymentId'),
      },
    },
    async (request) => {
      const { deploymentId } = request.params;
      if (!(await getDeployment(db, deploymentId))) throw notFound('deployment', deploymentId);
      const urls = urlsFor(rest, request);
      return (await resourcesOfDeployment(db, deploymentId)).map((r) => resourceResponse(r, urls));
    },
  );

  app.get<{ Params: { deploymentId: string; '*': string } }>(
    '/process-api/repository/deployments/:deploymentId/resources/*',
    { schema: { response: { 200: DeploymentResource }, tags, summary: 'Get one resource of a deployment' } },
    async (request) => {
      const { deploymentId } = request.params;
      const name = request.params['*'];
      const resource = await getResource(db, deploymentId, name);
      if (!resource) {
        throw new WeirError(
          'WEIR_NOT_FOUND',
          `Could not find a resource with id '${name}' in deployment '${deploymentId}'.`,
        );
      }
      return resourceResponse({ deploymentId, name, size: resource.content.length }, urlsFor(rest, request));
    },
  );

  app.get<{ Params: { deploymentId: string; '*': string } }>(
    '/process-api/repository/deployments/:deploymentId/resourcedata/*',
    {
      schema: {
        response: {
          200: FileAnswer('The resource', [
            'text/xml',
            'image/png',
            'image/svg+xml',
            'application/json',
            'text/plain',
            'application/octet-stream',
          ]),
        },
        tags,
        summary: 'Get the content of one resource of a deployment',
      },
    },
    async (request, reply) => {
      const { deploymentId } = request.params;
      const name = request.params['*'];
      const resource = await getResource(db, deploymentId, name);
      if (!resource) {
        throw new WeirError(
          'WEIR_NOT_FOUND',
          `Could not find a resource with id '${name}' in deployment '${deploymentId}'.`,
        );
      }
      return sendAsDownload(reply, name, resourceMediaType(name), resource.content);
    },
  );

  listRoutes(app, {
    item: ProcessDefinition,
    path: 'repository/process-definitions',
    tags,
    what: 'process definitions',
    filters: definitionFilters,
    sorts: definitionSorts,
    defaultSort: 'name',
    load: async (_request, { startableByUser, ...filter }, page) =>
      listProcessDefinitions(db, { ...filter, ...(await startableFilter(rest, startableByUser)) }, page),
    respond: (request, rows) => {
      const urls = urlsFor(rest, request);
      return rows.map((d) => definitionResponse(d, urls));
    },
  });

  app.get(
    '/process-api/repository/process-definitions/:processDefinitionId',
    {
      schema: {
        response: { 200: ProcessDefinition },
        tags,
        summary: 'Get a process definition',
        params: IdParams('processDefinitionId'),
      },
    },
    async (request) => {
      const definition = await getProcessDefinition(db, request.params.processDefinitionId);
      if (!definition) throw notFound('process definition', request.params.processDefinitionId);
      return definitionResponse(definition, urlsFor(rest, request));
    },
  );

  app.put(
    '/process-api/repository/process-definitions/:processDefinitionId',
    {
      schema: {
        response: { 200: ProcessDefinition },
        tags,
        summary: 'Suspend or activate a process definition',
        params: IdParams('processDefinitionId'),
        body: ActionBody(['suspend', 'activate'], { includeProcessInstances: Bool(), date: NullableStr() }),
      },
    },
    async (request) => {
      const { processDefinitionId } = request.params;
      const { action, includeProcessInstances, date } = request.body;
      const suspended = action === 'suspend';
      const at = parseDate('date', date);
      if (at) {
        const by = principalOf(request);
        const options = { includeProcessInstances: includeProcessInstances === true, at };
        await engine.scheduleProcessDefinitionSuspended(processDefinitionId, suspended, options, by);
        // as Flowable: the answer shows the state the definition is scheduled to take
        const definition = await getProcessDefinition(db, processDefinitionId);
        return { ...definitionResponse(definition!, urlsFor(rest, request)), suspended };
      }
      await engine.setProcessDefinitionSuspended(processDefinitionId, suspended, principalOf(request));
      if (includeProcessInstances) {
        // ids first, then one command per instance: each takes only its own root lock
        const ids: string[] = [];
        for (let start = 0; ; start += 500) {
          const { rows } = await listProcessInstances(
            db,
            { processDefinitionId, suspended: !suspended },
            { start, size: 500, sort: 'id', order: 'asc' },
          );
          ids.push(...rows.filter((r) => r.id === r.rootId).map((r) => r.id));
          if (rows.length < 500) break;
        }
        for (const id of ids) {
          await engine.setProcessInstanceSuspended(id, suspended).catch((error: unknown) => {
            // ended or already in that state meanwhile: nothing to do
            if (!(error instanceof WeirError && ['WEIR_NOT_FOUND', 'WEIR_CONFLICT'].includes(error.code)))
              throw error;
          });
        }
      }
      const definition = await getProcessDefinition(db, processDefinitionId);
      return definitionResponse(definition!, urlsFor(rest, request));
    },
  );

  app.get(
    '/process-api/repository/process-definitions/:processDefinitionId/resourcedata',
    {
      schema: {
        response: { 200: FileAnswer('The BPMN XML', ['text/xml']) },
        tags,
        summary: 'Get the BPMN XML of a process definition',
        params: IdParams('processDefinitionId'),
      },
    },
    async (request, reply) => {
      const definition = await getProcessDefinition(db, request.params.processDefinitionId);
      if (!definition) throw notFound('process definition', request.params.processDefinitionId);
      const resource = await getResource(db, definition.deploymentId, definition.resourceName);
      if (!resource) throw notFound('resource', definition.resourceName);
      return sendAsDownload(reply, definition.resourceName, 'text/xml', resource.content);
    },
  );
};
