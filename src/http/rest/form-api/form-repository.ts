/**
 * `/form-api/form-repository`: form deployments (multipart upload of `.form` files, list, get,
 * delete, resource content) and form definitions (list, get, model, resource content). Reads are
 * for every REST user, as the process repository's are; deploying and deleting for deployers.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { WeirError } from '../../../errors.ts';
import { deployForms, requireFormDefinition, undeployForms } from '../../../forms/form-commands.ts';
import {
  formDefinitionSorts,
  formDeploymentSorts,
  getFormDeployment,
  getFormResource,
  listFormDefinitions,
  listFormDeployments,
} from '../../../persistence/forms-sql.ts';
import { requireDeployer } from '../../../engine/authorization.ts';
import { principalOf } from '../../auth/basic-auth.ts';
import { sendAsDownload } from '../../hardening/downloads.ts';
import { IdParams, notFound, urlsFor, type RestContext } from '../context.ts';
import { readDeploymentUpload } from '../deployment-upload.ts';
import { Bool, Int, listRoutes, Str } from '../list-route.ts';
import { formDefinitionResponse, formDeploymentResponse } from './form-responses.ts';
import { FormDefinition, FormDefinitionModel, FormDeployment } from '../schemas/forms.ts';
import { FileAnswer, NoContent } from '../schemas/common.ts';

const tags = ['Form Repository'];
const R = '/form-api/form-repository';

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

const definitionFilters = {
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
  versionGreaterThan: Int(),
  versionGreaterThanOrEquals: Int(),
  versionLowerThan: Int(),
  versionLowerThanOrEquals: Int(),
  deploymentId: Str(),
  parentDeploymentId: Str(),
  tenantId: Str(),
  tenantIdLike: Str(),
  withoutTenantId: Bool(),
  latest: Bool(),
};

export const formRepositoryRoutes: FastifyPluginAsyncTypebox<{ rest: RestContext }> = async (
  app,
  { rest },
) => {
  const { engine, db } = rest;

  app.post(
    `${R}/deployments`,
    {
      schema: {
        response: { 201: FormDeployment },
        tags,
        summary: 'Deploy one or more .form files (multipart/form-data)',
        consumes: ['multipart/form-data'],
        querystring: Type.Object({ tenantId: Str() }),
      },
    },
    async (request, reply) => {
      // who may not deploy is refused before a byte of the upload is read
      requireDeployer(principalOf(request), 'deploy', 'forms');
      if (!request.isMultipart())
        throw new WeirError(
          'WEIR_UNSUPPORTED_MEDIA_TYPE',
          'A form deployment is a multipart/form-data upload',
        );
      const { resources, fields } = await readDeploymentUpload(request, rest.limits);
      const stored = await deployForms(
        engine,
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
      return reply.code(201).send(formDeploymentResponse(stored.deployment, urlsFor(rest, request)));
    },
  );

  listRoutes(app, {
    item: FormDeployment,
    api: 'form-api',
    path: 'form-repository/deployments',
    tags,
    what: 'form deployments',
    filters: deploymentFilters,
    sorts: formDeploymentSorts,
    defaultSort: 'id',
    load: (_request, filter, page) => listFormDeployments(db, filter, page),
    respond: (request, rows) => rows.map((d) => formDeploymentResponse(d, urlsFor(rest, request))),
  });

  const deploymentParams = IdParams('deploymentId');

  app.get(
    `${R}/deployments/:deploymentId`,
    {
      schema: {
        response: { 200: FormDeployment },
        tags,
        summary: 'Get a form deployment',
        params: deploymentParams,
      },
    },
    async (request) => {
      const deployment = await getFormDeployment(db, request.params.deploymentId);
      if (!deployment) throw notFound('form deployment', request.params.deploymentId);
      return formDeploymentResponse(deployment, urlsFor(rest, request));
    },
  );

  app.delete(
    `${R}/deployments/:deploymentId`,
    {
      schema: {
        response: { 204: NoContent },
        tags,
        summary: 'Delete a form deployment',
        params: deploymentParams,
      },
    },
    async (request, reply) => {
      await undeployForms(engine, request.params.deploymentId, principalOf(request));
      return reply.code(204).send();
    },
  );

  app.get(
    `${R}/deployments/:deploymentId/resourcedata/:resourceId`,
    {
      schema: {
        response: { 200: FileAnswer('The form definition JSON', ['application/json']) },
        tags,
        summary: 'Get the content of a form deployment resource',
        params: IdParams('deploymentId', 'resourceId'),
      },
    },
    async (request, reply) => {
      const { deploymentId, resourceId } = request.params;
      const content = await getFormResource(db, deploymentId, resourceId);
      if (!content)
        throw new WeirError(
          'WEIR_NOT_FOUND',
          `Could not find a resource with id '${resourceId}' in form deployment '${deploymentId}'.`,
        );
      return sendAsDownload(reply, resourceId, 'application/json', content);
    },
  );

  listRoutes(app, {
    item: FormDefinition,
    api: 'form-api',
    path: 'form-repository/form-definitions',
    tags,
    what: 'form definitions',
    filters: definitionFilters,
    sorts: formDefinitionSorts,
    defaultSort: 'id',
    load: (_request, filter, page) => listFormDefinitions(db, filter, page),
    respond: (request, rows) => rows.map((f) => formDefinitionResponse(f, urlsFor(rest, request))),
  });

  const definitionParams = IdParams('formDefinitionId');

  app.get(
    `${R}/form-definitions/:formDefinitionId`,
    {
      schema: {
        response: { 200: FormDefinition },
        tags,
        summary: 'Get a form definition',
        params: definitionParams,
      },
    },
    async (request) =>
      formDefinitionResponse(
        await requireFormDefinition(db, request.params.formDefinitionId),
        urlsFor(rest, request),
      ),
  );

  app.get(
    `${R}/form-definitions/:formDefinitionId/model`,
    {
      schema: {
        response: { 200: FormDefinitionModel },
        tags,
        summary: 'Get the model of a form definition',
        params: definitionParams,
      },
    },
    async (request) => {
      const form = await requireFormDefinition(db, request.params.formDefinitionId);
      return {
        ...form.model,
        fields: [...form.model.fields],
        outcomes: [...form.model.outcomes],
        version: form.version,
      };
    },
  );

  app.get(
    `${R}/form-definitions/:formDefinitionId/resourcedata`,
    {
      schema: {
        response: { 200: FileAnswer('The form definition JSON', ['application/json']) },
        tags,
        summary: 'Get the .form resource of a form definition',
        params: definitionParams,
      },
    },
    async (request, reply) => {
      const form = await requireFormDefinition(db, request.params.formDefinitionId);
      const content = await getFormResource(db, form.deploymentId, form.resourceName);
      if (!content) throw notFound('resource', form.resourceName);
      return sendAsDownload(reply, form.resourceName, 'application/json', content);
    },
  );
};
