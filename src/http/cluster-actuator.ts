/**
 * `GET /actuator/cluster` (access-admin): the live nodes as the registry sees them, with each
 * one's heartbeat age, version, local queue depth and the jobs locked to it. A node whose
 * heartbeat is older than `weir.node-stale-after` is dead and not listed.
 */
import type { FastifyPluginAsync } from 'fastify';
import { WeirError } from '../errors.ts';
import type { Queryable } from '../persistence/database.ts';
import { selectClusterNodes } from '../persistence/cluster-sql.ts';
import { isAdmin, principalOf } from './auth/basic-auth.ts';
import Type from 'typebox';

export interface ClusterActuatorOptions {
  readonly db: Queryable;
  /** This node's id, marked `self` in the list. */
  readonly nodeId: string;
  readonly staleAfter: number;
}

const ClusterAnswer = Type.Object({
  nodes: Type.Array(
    Type.Object({
      id: Type.String(),
      self: Type.Boolean({ description: 'The node that answered' }),
      host: Type.String(),
      port: Type.Union([Type.Integer(), Type.Null()]),
      version: Type.String(),
      startedAt: Type.String({ format: 'date-time' }),
      lastHeartbeat: Type.String({ format: 'date-time' }),
      heartbeatAgeMs: Type.Integer(),
      queueDepth: Type.Union([Type.Number(), Type.Null()]),
      jobsHeld: Type.Integer(),
      pid: Type.Union([Type.Number(), Type.Null()]),
    }),
  ),
  total: Type.Integer(),
});

const numberOrNull = (value: unknown): number | null => (typeof value === 'number' ? value : null);

export const clusterActuatorRoutes: FastifyPluginAsync<ClusterActuatorOptions> = async (
  app,
  { db, nodeId, staleAfter },
) => {
  app.get(
    '/actuator/cluster',
    {
      schema: {
        tags: ['Actuator'],
        summary: 'The live nodes of the cluster',
        response: { 200: ClusterAnswer },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      if (!isAdmin(principal)) {
        throw new WeirError(
          'WEIR_FORBIDDEN',
          `User '${principal.userId}' does not have the privilege 'access-admin'`,
        );
      }
      const nodes = await selectClusterNodes(db, staleAfter);
      return {
        nodes: nodes.map((node) => ({
          id: node.id,
          self: node.id === nodeId,
          host: node.host,
          port: node.port,
          version: node.version,
          startedAt: node.startedAt.toISOString(),
          lastHeartbeat: node.lastBeatAt.toISOString(),
          heartbeatAgeMs: Math.max(0, Math.round(node.heartbeatAgeMs)),
          // Written with the heartbeat by a node whose executor reports it; null otherwise.
          queueDepth: numberOrNull(node.stats.queueDepth),
          jobsHeld: node.jobsHeld,
          pid: numberOrNull(node.stats.pid),
        })),
        total: nodes.length,
      };
    },
  );
};
