/**
 * Every response is counted by its route pattern (`/process-api/runtime/tasks/:taskId`),
 * never by its URL: ids in URLs would make a new time series per task and exhaust
 * Prometheus' memory. A request no route matched is counted as `UNMATCHED`.
 */
import type { FastifyInstance } from 'fastify';
import { UNMATCHED_ROUTE } from '../metrics/node-metrics.ts';
import type { NodeMetrics } from '../metrics/node-metrics.ts';

export const installRequestMetrics = (app: FastifyInstance, metrics: NodeMetrics): void => {
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? UNMATCHED_ROUTE;
    metrics.observeRequest(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
  });
};
