/**
 * Two views of a deployed decision's DMN file: `model`, the file as Flowable's `DmnDefinition`
 * JSON (also under Flowable's deprecated `decision-tables` name), and `image`, its decision
 * requirements diagram.
 *
 * Flowable draws a diagram at deployment only for a decision service of a file with diagram
 * interchange (`DMNDI`) and answers 404 "has no image" for every other decision (a decision
 * table never has one unless an image was deployed beside it, which Weir's DMN deployments do
 * not take). Weir answers the same cases, drawing SVG instead of PNG, as it does for processes.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { WeirError } from '../../../errors.ts';
import type { Diagram, DiElement } from '../../../diagram/di.ts';
import { renderSvg } from '../../../diagram/svg.ts';
import type { Queryable } from '../../../persistence/database.ts';
import { getDecision, getDmnResource, type DmnDecisionRow } from '../../../persistence/dmn-sql.ts';
import { IdParams, notFound, type RestContext } from '../context.ts';
import { dmnDefinitionJson } from './dmn-model-json.ts';
import type { Answer } from '../schemas/common.ts';
import { FileAnswer } from '../schemas/common.ts';
import { DmnDefinitionJson } from '../schemas/dmn-model.ts';

const R = '/dmn-api/dmn-repository';

export const requireDecision = async (db: Queryable, id: string): Promise<DmnDecisionRow> => {
  const decision = await getDecision(db, id);
  if (!decision) throw notFound('decision', id);
  return decision;
};

const modelOf = async (db: Queryable, decision: DmnDecisionRow) => {
  const content = await getDmnResource(db, decision.deploymentId, decision.resourceName);
  if (!content) throw notFound('resource', decision.resourceName);
  return dmnDefinitionJson(Buffer.from(content).toString('utf8'));
};

/** The file's drawn elements in the process diagram's terms, so one renderer draws both. */
const drawingOf = (model: Answer<typeof DmnDefinitionJson>): Diagram => {
  const elements = new Map<string, DiElement>();
  const add = (tag: string, element: { id: string | null; name: string | null }) => {
    if (element.id !== null) elements.set(element.id, { tag, name: element.name ?? undefined });
  };
  for (const input of model.inputData) add('inputData', input);
  for (const service of model.decisionServices) add('decisionService', service);
  for (const decision of model.decisions) {
    add('decision', decision);
    for (const r of [...decision.requiredDecisions, ...decision.requiredInputs])
      add('informationRequirement', { id: r.id, name: null });
    for (const r of decision.authorityRequirements) add('authorityRequirement', { id: r.id, name: null });
  }
  return {
    shapes: Object.entries(model.locationMap).map(([elementId, bounds]) => ({
      elementId,
      bounds,
      expanded: true,
    })),
    edges: [
      ...Object.entries(model.flowLocationMap).map(([elementId, waypoints]) => ({ elementId, waypoints })),
      ...Object.entries(model.decisionServiceDividerLocationMap).map(([serviceId, waypoints]) => {
        // the line between a service's output decisions and those it encapsulates
        elements.set(`${serviceId}#divider`, { tag: 'decisionServiceDivider' });
        return { elementId: `${serviceId}#divider`, waypoints };
      }),
    ],
    elements,
  };
};

export const dmnDecisionViewRoutes: FastifyPluginAsyncTypebox<{ rest: RestContext }> = async (
  app,
  { rest },
) => {
  const { db } = rest;

  for (const family of ['decisions', 'decision-tables'] as const)
    app.get(
      `${R}/${family}/:decisionId/model`,
      {
        schema: {
          response: { 200: DmnDefinitionJson },
          tags: ['DMN Repository'],
          summary: `Get the DMN model (DmnDefinition JSON) of a ${family === 'decisions' ? 'decision' : 'decision table'}`,
          params: IdParams('decisionId'),
        },
      },
      async (request) => modelOf(db, await requireDecision(db, request.params.decisionId)),
    );

  app.get(
    `${R}/decisions/:decisionId/image`,
    {
      schema: {
        response: { 200: FileAnswer('The decision requirements diagram as SVG', ['image/svg+xml']) },
        tags: ['DMN Repository'],
        summary: "A decision service's requirements diagram as SVG (Flowable: PNG)",
        params: IdParams('decisionId'),
        produces: ['image/svg+xml'],
      },
    },
    async (request, reply) => {
      const decision = await requireDecision(db, request.params.decisionId);
      const model = decision.decisionType === 'decision_service' ? await modelOf(db, decision) : null;
      if (model === null || Object.keys(model.locationMap).length === 0)
        throw new WeirError('WEIR_NOT_FOUND', `Decision with id '${decision.id}' has no image.`);
      return reply
        .type('image/svg+xml; charset=utf-8')
        .header('Cache-Control', 'no-store')
        .send(renderSvg(drawingOf(model)));
    },
  );
};
