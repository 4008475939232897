/**
 * Process diagrams as SVG (Flowable answers PNG; Weir draws SVG from the same diagram
 * interchange): `GET repository/process-definitions/{id}/image` and
 * `GET runtime/process-instances/{id}/diagram`, the latter with the active activities marked.
 * A process whose resource does not draw it is a 400 with Flowable's message.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import Type from 'typebox';
import { WeirError } from '../../errors.ts';
import { requireVisibleInstance } from '../../engine/authorization.ts';
import type { ProcessDefinitionRow } from '../../engine/runtime-types.ts';
import { diagramOfProcess, readDiagram, type Diagram } from '../../diagram/di.ts';
import { renderSvg } from '../../diagram/svg.ts';
import type { Queryable } from '../../persistence/database.ts';
import { getProcessDefinition, getResource } from '../../persistence/repository-sql.ts';
import { listHistoricActivities } from '../../persistence/rest-history-sql.ts';
import { loadInstance } from '../../persistence/runtime-reads-sql.ts';
import { principalOf } from '../auth/basic-auth.ts';
import { notFound, type RestContext } from './context.ts';
import { FileAnswer } from './schemas/common.ts';

const Id = Type.String({ minLength: 1 });

/** The definition's drawing, or undefined when its resource has no shapes for it. */
const diagramOfDefinition = async (
  db: Queryable,
  definition: ProcessDefinitionRow,
): Promise<Diagram | undefined> => {
  const resource = await getResource(db, definition.deploymentId, definition.resourceName);
  if (!resource) return undefined;
  const diagram = diagramOfProcess(
    readDiagram(Buffer.from(resource.content).toString('utf8')),
    definition.key,
  );
  return diagram.shapes.length > 0 ? diagram : undefined;
};

export const requireDefinition = async (db: Queryable, id: string): Promise<ProcessDefinitionRow> => {
  const definition = await getProcessDefinition(db, id);
  if (!definition) throw notFound('process definition', id);
  return definition;
};

export const sendSvg = (reply: FastifyReply, svg: string) =>
  reply.type('image/svg+xml; charset=utf-8').header('Cache-Control', 'no-store').send(svg);

/** Every activity of the instance that has started and not ended (open subprocesses included). */
const activeActivityIds = async (db: Queryable, instanceId: string): Promise<Set<string>> => {
  const { rows } = await listHistoricActivities(
    db,
    { processInstanceId: instanceId, finished: false },
    { start: 0, size: 10_000, sort: 'startTime', order: 'asc' },
  );
  return new Set(rows.map((r) => r.activityId));
};

export const diagramRoutes: FastifyPluginAsyncTypebox<{ rest: RestContext }> = async (app, { rest }) => {
  const { db } = rest;

  app.get(
    '/process-api/repository/process-definitions/:processDefinitionId/image',
    {
      schema: {
        response: { 200: FileAnswer('The diagram as SVG', ['image/svg+xml']) },
        tags: ['Process Definitions'],
        summary: 'The process diagram as SVG (Flowable: PNG)',
        params: Type.Object({ processDefinitionId: Id }),
        produces: ['image/svg+xml'],
      },
    },
    async (request, reply) => {
      const definition = await requireDefinition(db, request.params.processDefinitionId);
      const diagram = await diagramOfDefinition(db, definition);
      if (!diagram)
        throw new WeirError(
          'WEIR_ILLEGAL_ARGUMENT',
          `Process definition with id '${definition.id}' has no image.`,
        );
      return sendSvg(reply, renderSvg(diagram));
    },
  );

  app.get(
    '/process-api/runtime/process-instances/:processInstanceId/diagram',
    {
      schema: {
        response: { 200: FileAnswer('The diagram as SVG, the active activities marked', ['image/svg+xml']) },
        tags: ['Process Instances'],
        summary: 'The process diagram as SVG with the active activities marked (Flowable: PNG)',
        params: Type.Object({ processInstanceId: Id }),
        produces: ['image/svg+xml'],
      },
    },
    async (request, reply) => {
      const { processInstanceId } = request.params;
      await requireVisibleInstance(db, principalOf(request), processInstanceId);
      const instance = await loadInstance(db, processInstanceId);
      if (!instance) throw notFound('process instance', processInstanceId);
      const definition = await requireDefinition(db, instance.definitionId);
      const diagram = await diagramOfDefinition(db, definition);
      if (!diagram) {
        throw new WeirError(
          'WEIR_ILLEGAL_ARGUMENT',
          `Process instance with id '${instance.id}' has no graphical notation defined.`,
        );
      }
      return sendSvg(reply, renderSvg(diagram, await activeActivityIds(db, instance.id)));
    },
  );
};
