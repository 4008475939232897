/**
 * Case diagrams as SVG, drawn as the process diagrams are (../diagrams.ts; Flowable answers
 * PNG): `GET case-definitions/{id}/image` and `GET case-instances/{id}/diagram`, the latter with
 * the active plan items marked. The shapes come from the `.cmmn` file's diagram interchange
 * (`cmmndi`); what each shape is comes from the parsed case model, so a plan item is drawn as
 * its definition (a human task as a box, a milestone as a pill, a stage as a container). A case
 * whose file does not draw it is a 400 with Flowable's message.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { WeirError } from '../../../errors.ts';
import { caseModelOf, requireVisibleCase } from '../../../cmmn/index.ts';
import type { CaseModel, Criterion } from '../../../cmmn/model/types.ts';
import type { CaseDefinitionRow } from '../../../cmmn/runtime/types.ts';
import { readDiagram, type Diagram, type DiElement } from '../../../diagram/di.ts';
import { renderSvg } from '../../../diagram/svg.ts';
import type { Queryable } from '../../../persistence/database.ts';
import { getRunningCase, listPlanItems } from '../../../persistence/cmmn-rest-sql.ts';
import { getCaseDefinition, getCmmnResource } from '../../../persistence/cmmn-sql.ts';
import { principalOf } from '../../auth/basic-auth.ts';
import { IdParams, notFound, type RestContext } from '../context.ts';
import { FileAnswer } from '../schemas/common.ts';
import { sendSvg } from '../diagrams.ts';

/** What each drawn element of the case is: its plan model, plan items, criteria and on-parts. */
const elementsOfCase = (model: CaseModel, drawn: Diagram): Map<string, DiElement> => {
  const elements = new Map<string, DiElement>();
  const criteria = (list: readonly Criterion[], tag: 'entryCriterion' | 'exitCriterion') => {
    for (const c of list) {
      elements.set(c.id, { tag });
      // an on-part is drawn as an edge from its source to the criterion
      for (const part of c.sentry.onParts) elements.set(part.id, { tag: 'planItemOnPart' });
    }
  };
  elements.set(model.planModelId, { tag: 'casePlanModel', ...(model.name ? { name: model.name } : {}) });
  criteria(model.planModel.exitCriteria, 'exitCriterion');
  for (const item of Object.values(model.planItems)) {
    const name = item.name ?? drawn.elements.get(item.id)?.name;
    elements.set(item.id, { tag: item.definition.kind, ...(name ? { name } : {}) });
    criteria(item.entryCriteria, 'entryCriterion');
    criteria(item.exitCriteria, 'exitCriterion');
  }
  return elements;
};

/** The case's drawing, or undefined when its file has no shapes for it. */
const diagramOfCase = async (db: Queryable, definition: CaseDefinitionRow): Promise<Diagram | undefined> => {
  const resource = await getCmmnResource(db, definition.deploymentId, definition.resourceName);
  if (!resource) return undefined;
  const drawn = readDiagram(Buffer.from(resource).toString('utf8'));
  const elements = elementsOfCase(await caseModelOf(db, definition), drawn);
  const shapes = drawn.shapes.filter((s) => elements.has(s.elementId));
  if (shapes.length === 0) return undefined;
  return { shapes, edges: drawn.edges.filter((e) => elements.has(e.elementId)), elements };
};

export const cmmnDiagramRoutes: FastifyPluginAsyncTypebox<{ rest: RestContext }> = async (app, { rest }) => {
  const { db } = rest;

  const requireDefinition = async (id: string) => {
    const definition = await getCaseDefinition(db, id);
    if (!definition) throw notFound('case definition', id);
    return definition;
  };

  app.get(
    '/cmmn-api/cmmn-repository/case-definitions/:caseDefinitionId/image',
    {
      schema: {
        response: { 200: FileAnswer('The case diagram as SVG', ['image/svg+xml']) },
        tags: ['Case Definitions'],
        summary: 'The case diagram as SVG (Flowable: PNG)',
        params: IdParams('caseDefinitionId'),
        produces: ['image/svg+xml'],
      },
    },
    async (request, reply) => {
      const definition = await requireDefinition(request.params.caseDefinitionId);
      const diagram = await diagramOfCase(db, definition);
      if (!diagram)
        throw new WeirError(
          'WEIR_ILLEGAL_ARGUMENT',
          `Case definition with id '${definition.id}' has no image.`,
        );
      return sendSvg(reply, renderSvg(diagram));
    },
  );

  app.get(
    '/cmmn-api/cmmn-runtime/case-instances/:caseInstanceId/diagram',
    {
      schema: {
        response: {
          200: FileAnswer('The case diagram as SVG, the active plan items marked', ['image/svg+xml']),
        },
        tags: ['Case Instances'],
        summary: 'The case diagram as SVG with the active plan items marked (Flowable: PNG)',
        params: IdParams('caseInstanceId'),
        produces: ['image/svg+xml'],
      },
    },
    async (request, reply) => {
      const { caseInstanceId } = request.params;
      await requireVisibleCase(db, principalOf(request), caseInstanceId);
      const running = await getRunningCase(db, caseInstanceId);
      if (!running) throw notFound('case instance', caseInstanceId);
      const diagram = await diagramOfCase(db, await requireDefinition(running.definitionId));
      if (!diagram)
        throw new WeirError(
          'WEIR_ILLEGAL_ARGUMENT',
          `Case instance with id '${caseInstanceId}' has no graphical notation defined.`,
        );
      const items = await listPlanItems(
        db,
        { caseInstanceId },
        { start: 0, size: 10_000, sort: 'createTime', order: 'asc' },
        true,
      );
      const active = new Set(items.rows.filter((i) => i.state === 'active').map((i) => i.elementId));
      return sendSvg(reply, renderSvg(diagram, active));
    },
  );
};
