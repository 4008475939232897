/**
 * `/app-api/app-repository/app-definitions`: app definitions as Flowable's app REST API serves
 * them: the list (Flowable's filters, `latest`), one definition, setting its category (`PUT`
 * with `{"category": ...}`), its `.app` resource's content and its model as JSON; and the app
 * engine's info (`/app-api/app-management/engine`).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { WeirError } from '../../../errors.ts';
import { changeAppDefinitionCategory, requireAppDefinition } from '../../../app/app-commands.ts';
import { appDefinitionSorts, getAppResource, listAppDefinitions } from '../../../persistence/app-sql.ts';
import { principalOf } from '../../auth/basic-auth.ts';
import { sendAsDownload } from '../../hardening/downloads.ts';
import { IdParams, urlsFor, type RestContext } from '../context.ts';
import { listRoutes } from '../list-route.ts';
import { versionedDefinitionFilters } from '../definition-filters.ts';
import { EngineInfo, FileAnswer } from '../schemas/common.ts';
import { AppDefinition, AppModelJson } from '../schemas/app.ts';
import { appDefinitionResponse } from './app-responses.ts';

const tags = ['App Definitions'];
const base = '/app-api/app-repository/app-definitions';

export const appDefinitionRoutes: FastifyPluginAsyncTypebox<{ rest: RestContext }> = async (
  app,
  { rest },
) => {
  const { engine, db } = rest;

  listRoutes(app, {
    item: AppDefinition,
    api: 'app-api',
    path: 'app-repository/app-definitions',
    tags,
    what: 'app definitions',
    filters: versionedDefinitionFilters,
    sorts: appDefinitionSorts,
    defaultSort: 'name',
    load: (_request, filter, page) => listAppDefinitions(db, filter, page),
    respond: (request, rows) => rows.map((a) => appDefinitionResponse(a, urlsFor(rest, request))),
  });

  const params = IdParams('appDefinitionId');

  app.get(
    `${base}/:appDefinitionId`,
    { schema: { response: { 200: AppDefinition }, tags, summary: 'Get an app definition', params } },
    async (request) =>
      appDefinitionResponse(
        await requireAppDefinition(engine, request.params.appDefinitionId),
        urlsFor(rest, request),
      ),
  );

  app.put(
    `${base}/:appDefinitionId`,
    {
      schema: {
        response: { 200: AppDefinition },
        tags,
        summary: "Set an app definition's category",
        params,
        body: Type.Object(
          { action: Type.Optional(Type.String()), category: Type.Optional(Type.String()) },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => {
      const { category, action } = request.body;
      // Flowable's only action on an app definition is a new category
      if (category === undefined)
        throw new WeirError('WEIR_ILLEGAL_ARGUMENT', `Invalid action: '${action ?? 'null'}'.`);
      const changed = await changeAppDefinitionCategory(
        engine,
        request.params.appDefinitionId,
        category,
        principalOf(request),
      );
      return appDefinitionResponse(changed, urlsFor(rest, request));
    },
  );

  app.get(
    `${base}/:appDefinitionId/resourcedata`,
    {
      schema: {
        response: { 200: FileAnswer('The .app file', ['application/json']) },
        tags,
        summary: "Get the content of an app definition's .app resource",
        params,
      },
    },
    async (request, reply) => {
      const definition = await requireAppDefinition(engine, request.params.appDefinitionId);
      const content = await getAppResource(db, definition.deploymentId, definition.resourceName);
      if (!content)
        throw new WeirError(
          'WEIR_NOT_FOUND',
          `Could not find a resource with id '${definition.resourceName}' in deployment '${definition.deploymentId}'.`,
        );
      return sendAsDownload(reply, definition.resourceName, 'application/json', content);
    },
  );

  app.get(
    `${base}/:appDefinitionId/model`,
    {
      schema: {
        response: { 200: AppModelJson },
        tags,
        summary: 'Get the app model of an app definition as JSON',
        params,
      },
    },
    async (request) => (await requireAppDefinition(engine, request.params.appDefinitionId)).model,
  );

  app.get(
    '/app-api/app-management/engine',
    { schema: { response: { 200: EngineInfo }, tags: ['Engine'], summary: 'Get app engine info' } },
    () => ({ name: 'default', version: rest.version, resourceUrl: null, exception: null }),
  );
};
