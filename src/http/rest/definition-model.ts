/**
 * `GET repository/process-definitions/{id}/model` and the definition's decisions and forms.
 *
 * Flowable answers its `BpmnModel` object as JSON. Weir answers its own parsed model with
 * Flowable's names where the two meet: `mainProcess`, `processes`, `flowElements`,
 * `incomingFlows`/`outgoingFlows`, `xmlRowNumber`/`xmlColumnNumber`, `locationMap` and
 * `flowLocationMap` (from the diagram interchange). Each element keeps Weir's own fields
 * besides, with `kind` naming its type (Flowable's Java class names are not reproduced).
 *
 * A definition's decisions are, as in Flowable's `getDecisionsForProcessDefinition`, those
 * deployed with it (the child DMN deployment of its deployment), answered as a plain list. Its
 * form definitions are listed with the task forms (`form-api/task-forms.ts`).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { diagramOfProcess, readDiagram, type Diagram } from '../../diagram/di.ts';
import type { FlowNode, ProcessModel, SequenceFlow } from '../../model/types.ts';
import { getResource } from '../../persistence/repository-sql.ts';
import { requireDefinition } from './diagrams.ts';
import { urlsFor, type RestContext } from './context.ts';
import { listDecisions } from '../../persistence/dmn-queries-sql.ts';
import type { Queryable } from '../../persistence/database.ts';
import { decisionResponse } from './dmn-api/dmn-responses.ts';
import { Decision } from './schemas/dmn.ts';
import { BpmnModelJson } from './schemas/repository.ts';

const tags = ['Process Definitions'];
/** Decisions read per query when listing a definition's decisions. */
const DECISION_PAGE = 500;
const Params = Type.Object({ processDefinitionId: Type.String({ minLength: 1 }) });

/**
 * Every decision of the DMN deployments whose parent is `parentDeploymentId`. Flowable answers
 * the whole list (a query's `list()`, no paging parameters): read page by page, so one
 * deployment with very many decisions is neither cut short nor one query.
 */
export const decisionsDeployedWith = async (db: Queryable, parentDeploymentId: string) => {
  const rows = [];
  for (let start = 0, total = 1; start < total; start += DECISION_PAGE) {
    const page = await listDecisions(
      db,
      { parentDeploymentId },
      { start, size: DECISION_PAGE, sort: 'key', order: 'asc' },
    );
    rows.push(...page.rows);
    total = page.rows.length === 0 ? 0 : page.total;
  }
  return rows;
};

const elementJson = (node: FlowNode) => {
  const { line, column, incoming, outgoing, ...rest } = node;
  return {
    ...rest,
    incomingFlows: incoming,
    outgoingFlows: outgoing,
    xmlRowNumber: line,
    xmlColumnNumber: column,
  };
};

const flowJson = (flow: SequenceFlow) => {
  const { line, column, condition, ...rest } = flow;
  return {
    kind: 'sequenceFlow',
    ...rest,
    conditionExpression: condition ?? null,
    xmlRowNumber: line,
    xmlColumnNumber: column,
  };
};

const processJson = (model: ProcessModel) => {
  const { line, column, nodes, flows, isExecutable, ...rest } = model;
  return {
    ...rest,
    executable: isExecutable,
    flowElements: [...Object.values(nodes).map(elementJson), ...Object.values(flows).map(flowJson)],
    xmlRowNumber: line,
    xmlColumnNumber: column,
  };
};

const locations = (diagram: Diagram | undefined) => ({
  locationMap: Object.fromEntries(
    (diagram?.shapes ?? []).map((s) => [s.elementId, { ...s.bounds, expanded: s.expanded }]),
  ),
  flowLocationMap: Object.fromEntries((diagram?.edges ?? []).map((e) => [e.elementId, [...e.waypoints]])),
});

export const definitionModelRoutes: FastifyPluginAsyncTypebox<{ rest: RestContext }> = async (
  app,
  { rest },
) => {
  const { db, engine } = rest;

  app.get(
    '/process-api/repository/process-definitions/:processDefinitionId/model',
    {
      schema: {
        response: { 200: BpmnModelJson },
        tags,
        summary: "The definition's parsed BPMN model as JSON",
        params: Params,
      },
    },
    async (request) => {
      const definition = await requireDefinition(db, request.params.processDefinitionId);
      const model = await engine.processModel(definition.id);
      const resource = await getResource(db, definition.deploymentId, definition.resourceName);
      const diagram = resource
        ? diagramOfProcess(readDiagram(Buffer.from(resource.content).toString('utf8')), definition.key)
        : undefined;
      const process = processJson(model);
      return { mainProcess: process, processes: [process], ...locations(diagram) };
    },
  );

  for (const [path, what] of [
    ['decisions', 'decisions'],
    ['decision-tables', 'decision tables (deprecated name of decisions)'],
  ] as const) {
    app.get(
      `/process-api/repository/process-definitions/:processDefinitionId/${path}`,
      {
        schema: {
          response: {
            200: Type.Array(Decision, {
              description: 'The decisions of the DMN deployment that came with its deployment',
            }),
          },
          tags,
          summary: `The ${what} deployed with the definition`,
          params: Params,
        },
      },
      async (request) => {
        const definition = await requireDefinition(db, request.params.processDefinitionId);
        // `decision-tables` is Flowable's deprecated name of the same list: every decision
        const rows = await decisionsDeployedWith(db, definition.deploymentId);
        return rows.map((decision) => decisionResponse(decision, urlsFor(rest, request)));
      },
    );
  }
};
