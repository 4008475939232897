/**
 * `/form-api/form-repository`: form deployments (multipart upload of `.form` files, list, get,
 * delete, resource content) and form definitions (list, get, model, resource content). Reads are
 * for every REST user, as the process repository's are; deploying and deleting for deployers.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { deployForms, requireFormDefinition, undeployForms } from '../../../forms/form-commands.ts';
import { formDefinitionSorts, getFormResource, listFormDefinitions } from '../../../persistence/forms-sql.ts';
import { sendAsDownload } from '../../hardening/downloads.ts';
import { childDeploymentRoutes } from '../child-deployment-routes.ts';
import { IdParams, notFound, urlsFor, type RestContext } from '../context.ts';
import { listRoutes, Str } from '../list-route.ts';
import { versionedDefinitionFilters } from '../definition-filters.ts';
import { formDefinitionResponse } from './form-responses.ts';
import { FormDefinition, FormDefinitionModel } from '../schemas/forms.ts';
import { FileAnswer } from '../schemas/common.ts';

const tags = ['Form Repository'];
const R = '/form-api/form-repository';

const definitionFilters = { ...versionedDefinitionFilters, parentDeploymentId: Str() };

export const formRepositoryRoutes: FastifyPluginAsyncTypebox<{ rest: RestContext }> = async (
  app,
  { rest },
) => {
  const { engine, db } = rest;

  await app.register(childDeploymentRoutes, {
    rest,
    api: {
      engine: 'form',
      api: 'form-api',
      repository: 'form-repository',
      tags,
      what: 'form',
      objects: 'forms',
      fileKind: '.form',
      resourceType: 'application/json',
      getResource: (deploymentId, name) => getFormResource(db, deploymentId, name),
      deploy: (input, by) => deployForms(engine, input, by),
      undeploy: (deploymentId, by) => undeployForms(engine, deploymentId, by),
    },
  });

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
