/**
 * `/app-api/app-repository/deployments`: app deployments as Flowable's app REST API serves them:
 * a multipart upload of an `.app` file or a `.zip`/`.bar` archive (deployers only, refused by
 * its file name before a byte is read), the list, one deployment, its deletion (always with
 * cascade, as Flowable's route does), and its resources with their content.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { WeirError } from '../../../errors.ts';
import { deployApp } from '../../../app/app-deploy.ts';
import { appDeploymentNotFound, undeployApp } from '../../../app/app-commands.ts';
import { requireDeployer } from '../../../engine/authorization.ts';
import {
  appDeploymentSorts,
  appResourceNames,
  getAppDeployment,
  getAppResource,
  listAppDeployments,
} from '../../../persistence/app-sql.ts';
import { principalOf } from '../../auth/basic-auth.ts';
import { sendAsDownload } from '../../hardening/downloads.ts';
import { IdParams, urlsFor, type RestContext } from '../context.ts';
import { readDeploymentUpload } from '../deployment-upload.ts';
import { Bool, listRoutes, Str } from '../list-route.ts';
import { FileAnswer, NoContent } from '../schemas/common.ts';
import { AppDeployment, AppDeploymentResource } from '../schemas/app.ts';
import { appDeploymentResponse, appResourceMediaType, appResourceResponse } from './app-responses.ts';

const tags = ['App Deployments'];
const base = '/app-api/app-repository/deployments';

const deploymentFilters = {
  name: Str(),
  nameLike: Str(),
  category: Str(),
  categoryNotEquals: Str(),
  tenantId: Str(),
  tenantIdLike: Str(),
  withoutTenantId: Bool(),
};

/** Flowable takes an `.app` file or an archive; anything else is refused by name. */
const isAppUpload = (name: string) => name.endsWith('.app') || /\.(bar|zip)$/i.test(name);

const resourceNotFound = (deploymentId: string, name: string) =>
  new WeirError(
    'WEIR_NOT_FOUND',
    `Could not find a resource with id '${name}' in app deployment '${deploymentId}'.`,
  );

export const appDeploymentRoutes: FastifyPluginAsyncTypebox<{ rest: RestContext }> = async (
  app,
  { rest },
) => {
  const { engine, db } = rest;

  app.post(
    base,
    {
      schema: {
        response: { 201: AppDeployment },
        tags,
        summary:
          'Deploy an .app file or a .zip/.bar archive with an app and its models (multipart/form-data)',
        consumes: ['multipart/form-data'],
        querystring: Type.Object({ tenantId: Str(), deploymentName: Str(), deploymentKey: Str() }),
      },
    },
    async (request, reply) => {
      requireDeployer(principalOf(request), 'deploy', 'apps');
      if (!request.isMultipart())
        throw new WeirError(
          'WEIR_UNSUPPORTED_MEDIA_TYPE',
          'An app deployment is a multipart/form-data upload',
        );
      let firstFile: string | undefined;
      const { resources, fields } = await readDeploymentUpload(request, rest.limits, {
        checkFileName: (name) => {
          if (!isAppUpload(name))
            throw new WeirError('WEIR_ILLEGAL_ARGUMENT', `File '${name}' must be of type .app, .zip or .bar`);
          firstFile ??= name;
        },
      });
      if (fields.enableDuplicateFiltering !== undefined)
        throw new WeirError('WEIR_ILLEGAL_ARGUMENT', 'App deployments have no duplicate filtering');
      const { query } = request;
      const stored = await deployApp(
        engine,
        {
          // as Flowable: without a deployment name, the file's name up to its first dot
          name: query.deploymentName || fields.deploymentName || firstFile?.split('.')[0] || null,
          category: fields.category ?? null,
          key: query.deploymentKey || fields.deploymentKey || null,
          tenantId: query.tenantId ?? fields.tenantId ?? '',
          resources: resources.map((r) => ({
            name: r.name,
            content: typeof r.content === 'string' ? new TextEncoder().encode(r.content) : r.content,
          })),
        },
        principalOf(request),
      );
      return reply.code(201).send(appDeploymentResponse(stored.deployment, urlsFor(rest, request)));
    },
  );

  listRoutes(app, {
    item: AppDeployment,
    api: 'app-api',
    path: 'app-repository/deployments',
    tags,
    what: 'app deployments',
    filters: deploymentFilters,
    sorts: appDeploymentSorts,
    defaultSort: 'id',
    load: (_request, filter, page) => listAppDeployments(db, filter, page),
    respond: (request, rows) => rows.map((d) => appDeploymentResponse(d, urlsFor(rest, request))),
  });

  const params = IdParams('deploymentId');

  const requireDeployment = async (id: string) => {
    const deployment = await getAppDeployment(db, id);
    if (!deployment) throw appDeploymentNotFound(id);
    return deployment;
  };

  app.get(
    `${base}/:deploymentId`,
    { schema: { response: { 200: AppDeployment }, tags, summary: 'Get an app deployment', params } },
    async (request) =>
      appDeploymentResponse(await requireDeployment(request.params.deploymentId), urlsFor(rest, request)),
  );

  app.delete(
    `${base}/:deploymentId`,
    {
      schema: {
        response: { 204: NoContent },
        tags,
        summary:
          'Delete an app deployment with its process, DMN and form deployments (running instances and history too)',
        params,
      },
    },
    async (request, reply) => {
      await undeployApp(engine, request.params.deploymentId, principalOf(request));
      return reply.code(204).send();
    },
  );

  app.get(
    `${base}/:deploymentId/resources`,
    {
      schema: {
        response: { 200: Type.Array(AppDeploymentResource) },
        tags,
        summary: 'List the resources of an app deployment',
        params,
      },
    },
    async (request) => {
      const { deploymentId } = request.params;
      await requireDeployment(deploymentId);
      const urls = urlsFor(rest, request);
      return (await appResourceNames(db, deploymentId)).map((name) =>
        appResourceResponse(deploymentId, name, urls),
      );
    },
  );

  app.get<{ Params: { deploymentId: string; '*': string } }>(
    `${base}/:deploymentId/resources/*`,
    {
      schema: {
        response: { 200: AppDeploymentResource },
        tags,
        summary: 'Get one resource of an app deployment',
      },
    },
    async (request) => {
      const { deploymentId } = request.params;
      const name = request.params['*'];
      await requireDeployment(deploymentId);
      if (!(await getAppResource(db, deploymentId, name))) throw resourceNotFound(deploymentId, name);
      return appResourceResponse(deploymentId, name, urlsFor(rest, request));
    },
  );

  app.get<{ Params: { deploymentId: string; '*': string } }>(
    `${base}/:deploymentId/resourcedata/*`,
    {
      schema: {
        response: {
          200: FileAnswer('The resource', [
            'application/json',
            'text/xml',
            'image/png',
            'image/svg+xml',
            'text/plain',
            'application/octet-stream',
          ]),
        },
        tags,
        summary: 'Get the content of one resource of an app deployment',
      },
    },
    async (request, reply) => {
      const { deploymentId } = request.params;
      const name = request.params['*'];
      await requireDeployment(deploymentId);
      const content = await getAppResource(db, deploymentId, name);
      if (!content) throw resourceNotFound(deploymentId, name);
      return sendAsDownload(reply, name, appResourceMediaType(name), content);
    },
  );
};
