/**
 * The REST API as one Fastify plugin: Flowable's `/process-api`, `/external-job-api` and
 * `/idm-api`, plus `/openapi.json` and `/docs`. Authentication is installed on the root app
 * (see `server.ts`), so this plugin only routes.
 */
import multipart from '@fastify/multipart';
import type { FastifyPluginAsync } from 'fastify';
import type { RestContext } from './context.ts';
import { executionRoutes } from './executions.ts';
import { externalWorkerRoutes } from './external-worker.ts';
import { historyRoutes } from './history.ts';
import { idmRoutes } from './idm.ts';
import { managementRoutes } from './management.ts';
import { OpenApiCollector, registerOpenApiRoutes } from './openapi.ts';
import { processInstanceRoutes } from './process-instances.ts';
import { repositoryRoutes } from './repository.ts';
import { taskRoutes } from './tasks.ts';
import { taskVariableRoutes } from './task-variables.ts';
import { taskLinkAndCommentRoutes } from './task-links-comments.ts';

export type { RestContext } from './context.ts';

/** A deployment rarely has more resources than this; the cap bounds what one upload can make us buffer. */
const MAX_DEPLOYMENT_FILES = 100;

export const restApi: FastifyPluginAsync<{ rest: RestContext; maxBodySize: number }> = async (
  app,
  { rest, maxBodySize },
) => {
  const collector = new OpenApiCollector();
  app.addHook('onRoute', collector.onRoute);
  await app.register(multipart, {
    limits: { fileSize: maxBodySize, files: MAX_DEPLOYMENT_FILES, fields: 20, fieldSize: 64 * 1024 },
    throwFileSizeLimit: true,
  });
  const options = { rest };
  await app.register(repositoryRoutes, options);
  await app.register(processInstanceRoutes, options);
  await app.register(executionRoutes, options);
  await app.register(taskRoutes, options);
  await app.register(taskVariableRoutes, options);
  await app.register(taskLinkAndCommentRoutes, options);
  await app.register(historyRoutes, options);
  await app.register(managementRoutes, options);
  await app.register(externalWorkerRoutes, options);
  await app.register(idmRoutes, options);
  registerOpenApiRoutes(app, collector, rest.version);
};
