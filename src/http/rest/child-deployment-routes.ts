/**
 * The deployment routes the form and decision engines share, as Flowable's form and DMN REST
 * APIs declare them alike: `POST deployments` (a multipart upload, deployers only, refused before
 * a byte of it is read), the list, `GET`/`DELETE deployments/{id}` and a resource's content.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { WeirError } from '../../errors.ts';
import { requireDeployer, type Principal } from '../../engine/authorization.ts';
import {
  childDeploymentSorts,
  getChildDeployment,
  listChildDeployments,
  type ChildDeploymentRow,
  type ChildEngine,
} from '../../persistence/child-deployments-sql.ts';
import { principalOf } from '../auth/basic-auth.ts';
import { sendAsDownload } from '../hardening/downloads.ts';
import { IdParams, iso, notFound, urlsFor, type RestContext, type Urls } from './context.ts';
import { readDeploymentUpload } from './deployment-upload.ts';
import { Bool, listRoutes, Str } from './list-route.ts';
import { FileAnswer, NoContent, type Answer } from './schemas/common.ts';
import { ChildDeployment } from './schemas/repository.ts';

export interface ChildDeploymentApi {
  readonly engine: ChildEngine;
  readonly api: 'form-api' | 'dmn-api' | 'cmmn-api';
  /** below the API: `form-repository`, `dmn-repository` */
  readonly repository: string;
  readonly tags: readonly string[];
  /** "form", "DMN": in summaries and messages */
  readonly what: string;
  /** what `deploy` and `delete` are refused on for a non-deployer: "forms", "decisions" */
  readonly objects: string;
  readonly fileKind: string;
  readonly resourceType: string;
  readonly getResource: (deploymentId: string, name: string) => Promise<Uint8Array | undefined>;
  readonly deploy: (
    input: {
      name: string | null;
      category: string | null;
      tenantId: string;
      resources: { name: string; content: Uint8Array }[];
    },
    by: Principal,
  ) => Promise<{ deployment: ChildDeploymentRow }>;
  readonly undeploy: (deploymentId: string, by: Principal) => Promise<void>;
}

export const childDeploymentResponse = (
  api: ChildDeploymentApi,
  d: ChildDeploymentRow,
  urls: Urls,
): Answer<typeof ChildDeployment> => ({
  id: d.id,
  name: d.name,
  deploymentTime: iso(d.deployedAt),
  category: d.category,
  url: urls(`${api.api}/${api.repository}/deployments/%s`, d.id),
  parentDeploymentId: d.parentDeploymentId,
  tenantId: d.tenantId,
});

const deploymentFilters = {
  name: Str(),
  nameLike: Str(),
  category: Str(),
  categoryNotEquals: Str(),
  parentDeploymentId: Str(),
  parentDeploymentIdLike: Str(),
  tenantId: Str(),
  tenantIdLike: Str(),
  withoutTenantId: Bool(),
};

export const childDeploymentRoutes: FastifyPluginAsyncTypebox<{
  rest: RestContext;
  api: ChildDeploymentApi;
}> = async (app, { rest, api }) => {
  const base = `/${api.api}/${api.repository}/deployments`;
  const { tags } = api;

  app.post(
    base,
    {
      schema: {
        response: { 201: ChildDeployment },
        tags,
        summary: `Deploy one or more ${api.fileKind} files (multipart/form-data)`,
        consumes: ['multipart/form-data'],
        querystring: Type.Object({ tenantId: Str() }),
      },
    },
    async (request, reply) => {
      requireDeployer(principalOf(request), 'deploy', api.objects);
      if (!request.isMultipart())
        throw new WeirError(
          'WEIR_UNSUPPORTED_MEDIA_TYPE',
          `A ${api.what} deployment is a multipart/form-data upload`,
        );
      const { resources, fields } = await readDeploymentUpload(request, rest.limits);
      const stored = await api.deploy(
        {
          name: fields.deploymentName ?? resources[0]?.name ?? null,
          category: fields.category ?? null,
          tenantId: fields.tenantId ?? request.query.tenantId ?? '',
          resources: resources.map((r) => ({
            name: r.name,
            content: typeof r.content === 'string' ? new TextEncoder().encode(r.content) : r.content,
          })),
        },
        principalOf(request),
      );
      return reply.code(201).send(childDeploymentResponse(api, stored.deployment, urlsFor(rest, request)));
    },
  );

  listRoutes(app, {
    item: ChildDeployment,
    api: api.api,
    path: `${api.repository}/deployments`,
    tags,
    what: `${api.what} deployments`,
    filters: deploymentFilters,
    sorts: childDeploymentSorts,
    defaultSort: 'id',
    load: (_request, filter, page) => listChildDeployments(rest.db, api.engine, filter, page),
    respond: (request, rows) => rows.map((d) => childDeploymentResponse(api, d, urlsFor(rest, request))),
  });

  const params = IdParams('deploymentId');

  app.get(
    `${base}/:deploymentId`,
    { schema: { response: { 200: ChildDeployment }, tags, summary: `Get a ${api.what} deployment`, params } },
    async (request) => {
      const deployment = await getChildDeployment(rest.db, api.engine, request.params.deploymentId);
      if (!deployment) throw notFound(`${api.what} deployment`, request.params.deploymentId);
      return childDeploymentResponse(api, deployment, urlsFor(rest, request));
    },
  );

  app.delete(
    `${base}/:deploymentId`,
    { schema: { response: { 204: NoContent }, tags, summary: `Delete a ${api.what} deployment`, params } },
    async (request, reply) => {
      await api.undeploy(request.params.deploymentId, principalOf(request));
      return reply.code(204).send();
    },
  );

  app.get(
    `${base}/:deploymentId/resourcedata/:resourceId`,
    {
      schema: {
        response: { 200: FileAnswer(`The ${api.fileKind} file`, [api.resourceType]) },
        tags,
        summary: `Get the content of a ${api.what} deployment resource`,
        params: IdParams('deploymentId', 'resourceId'),
      },
    },
    async (request, reply) => {
      const { deploymentId, resourceId } = request.params;
      const content = await api.getResource(deploymentId, resourceId);
      if (!content)
        throw new WeirError(
          'WEIR_NOT_FOUND',
          `Could not find a resource with id '${resourceId}' in ${api.what} deployment '${deploymentId}'.`,
        );
      return sendAsDownload(reply, resourceId, api.resourceType, content);
    },
  );
};
