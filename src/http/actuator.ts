/**
 * Spring Boot style actuator endpoints, the ones load balancers and operators poll:
 * `/actuator/health` (200 UP / 503 DOWN, by whether the database answers) and
 * `/actuator/info` (version, node id, database kind), and `/actuator/prometheus` (the node's
 * and the job executor's metrics in Prometheus' text format, docs/operations.md).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyPluginAsync } from 'fastify';
import { pingDatabase, type Database } from '../persistence/database.ts';
import type { HttpNode } from './server.ts';
import Type from 'typebox';
import { TextAnswer } from './rest/schemas/common.ts';

/**
 * A healthy database probe (one trivial query) takes a millisecond. Load balancers usually give
 * a check about five seconds; answering DOWN with the reason after two beats letting their check
 * time out, which says nothing about why.
 */
const DATABASE_PROBE_TIMEOUT_MS = 2_000;

type Probe = { readonly up: true } | { readonly up: false; readonly error: string };

const probeDatabase = async (db: Database): Promise<Probe> => {
  const timeout = new AbortController();
  try {
    return await Promise.race([
      pingDatabase(db).then((): Probe => ({ up: true })),
      sleep(DATABASE_PROBE_TIMEOUT_MS, undefined, { signal: timeout.signal }).then((): Probe => ({
        up: false,
        error: `no answer within ${DATABASE_PROBE_TIMEOUT_MS} ms`,
      })),
    ]);
  } catch (error) {
    return { up: false, error: error instanceof Error ? error.message : String(error) };
  } finally {
    timeout.abort();
  }
};

/** A node that runs a job executor exposes its metrics (`jobs/metrics.ts`). */
const tags = ['Actuator'];
const HealthUp = Type.Object({ status: Type.Literal('UP') });
const HealthDown = Type.Object({
  status: Type.Literal('DOWN'),
  components: Type.Object({ db: Type.Object({ status: Type.Literal('DOWN'), error: Type.String() }) }),
});
const Info = Type.Object({
  name: Type.String(),
  version: Type.String(),
  nodeId: Type.String(),
  database: Type.Object({ kind: Type.String({ description: 'postgres or embedded' }) }),
});

type ActuatorNode = HttpNode & { readonly jobExecutor?: { prometheus(): string } };

export const actuatorRoutes: FastifyPluginAsync<{ node: ActuatorNode }> = async (app, { node }) => {
  app.get(
    '/actuator/health',
    {
      schema: {
        tags,
        summary: 'Whether this node can serve: UP, or DOWN (503) when the database does not answer',
        response: { 200: HealthUp, 503: HealthDown },
      },
    },
    async (request, reply) => {
      const db = await probeDatabase(node.db);
      if (db.up) return { status: 'UP' };
      request.log.warn({ error: db.error }, 'Health check: the database does not answer');
      return reply
        .code(503)
        .send({ status: 'DOWN', components: { db: { status: 'DOWN', error: db.error } } });
    },
  );

  app.get(
    '/actuator/info',
    { schema: { tags, summary: 'Version and node id', response: { 200: Info } } },
    async () => ({
      name: 'weir',
      version: node.version,
      nodeId: node.id,
      database: { kind: node.db.kind },
    }),
  );

  // The node's metrics (HTTP, pool, engine, Node's own), then the job executor's; a node
  // without an executor has no job figures.
  app.get(
    '/actuator/prometheus',
    {
      schema: {
        tags,
        summary: "The node's metrics in Prometheus' text format",
        response: { 200: TextAnswer("Prometheus' text exposition format") },
      },
    },
    async (_request, reply) => {
      const general = (await node.metrics?.render()) ?? '';
      return reply
        .type('text/plain; version=0.0.4; charset=utf-8')
        .send(general + (node.jobExecutor?.prometheus() ?? ''));
    },
  );
};
