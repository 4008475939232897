/**
 * A case definition beyond its row and file: its category changed (`PUT`, Flowable's
 * CaseDefinitionActionRequest), its candidate starters (the process definitions' routes,
 * definition-identity-links.ts, over cmmn/case-starters.ts), its parsed model as JSON, the
 * decisions and forms deployed with it, and its start form.
 *
 * "Deployed with it" means, as for a process definition, the DMN and form deployments that
 * share the case deployment's parent (an app or process deployment); a `.cmmn` deployed on
 * its own has none. `/model` answers Weir's parsed case model under Flowable's CmmnModel
 * names where the two meet (`cases`, `primaryCase`, `planModel`, `planItems`,
 * `targetNamespace`); each plan item keeps Weir's own fields, `kind` naming its type.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { WeirError } from '../../../errors.ts';
import { requireDeployer } from '../../../engine/authorization.ts';
import { caseModelOf } from '../../../cmmn/index.ts';
import {
  addCaseCandidateStarter,
  caseCandidateStarters,
  removeCaseCandidateStarter,
} from '../../../cmmn/case-starters.ts';
import type { CaseModel } from '../../../cmmn/model/types.ts';
import { fieldsWithValues } from '../../../forms/form-values.ts';
import { isExpressionText } from '../../../expression/index.ts';
import { getChildDeployment } from '../../../persistence/child-deployments-sql.ts';
import { setCaseDefinitionCategory } from '../../../persistence/cmmn-lifecycle-sql.ts';
import { getCaseDefinition } from '../../../persistence/cmmn-sql.ts';
import { formDefinitionForKey } from '../../../persistence/forms-sql.ts';
import { principalOf } from '../../auth/basic-auth.ts';
import { IdParams, notFound, urlsFor, type RestContext } from '../context.ts';
import { decisionsDeployedWith } from '../definition-model.ts';
import { definitionIdentityLinkRoutes } from '../definition-identity-links.ts';
import { decisionResponse } from '../dmn-api/dmn-responses.ts';
import { formDefinitionResponse, formModelResponse } from '../form-api/form-responses.ts';
import { CaseDefinition } from '../schemas/cmmn.ts';
import { Decision } from '../schemas/dmn.ts';
import { FormDefinition, FormModel } from '../schemas/forms.ts';
import { caseDefinitionResponse } from './cmmn-responses.ts';

const tags = ['Case Definitions'];
const base = '/cmmn-api/cmmn-repository/case-definitions/:caseDefinitionId';
const params = IdParams('caseDefinitionId');

const CategoryBody = Type.Object(
  {
    action: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    category: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  },
  { additionalProperties: false },
);

/** The case model as JSON: Flowable's CmmnModel names around Weir's own plan item fields. */
const CmmnModelJson = Type.Object(
  {
    targetNamespace: Type.Union([Type.String(), Type.Null()]),
    primaryCase: Type.Object({}, { additionalProperties: true }),
    cases: Type.Array(Type.Object({}, { additionalProperties: true })),
  },
  { additionalProperties: true },
);

const caseJson = (model: CaseModel) => ({
  id: model.key,
  name: model.name,
  documentation: model.documentation,
  initiatorVariableName: model.initiatorVariableName,
  startFormKey: model.startFormKey,
  planModel: { id: model.planModelId, ...model.planModel },
  planItems: Object.values(model.planItems).map(({ definition, ...item }) => ({
    ...item,
    planItemDefinition: { id: item.definitionId, name: item.definitionName, ...definition },
  })),
});

/** The form keys a case names: its plan model's (start form) and its human tasks' and stages'. */
const formKeysOf = (model: CaseModel): Set<string> => {
  const keys = new Set<string>();
  const add = (key: string | null) => {
    // a key computed at run time names no form yet
    if (key && !isExpressionText(key)) keys.add(key);
  };
  add(model.startFormKey);
  for (const item of Object.values(model.planItems)) {
    const d = item.definition;
    if (d.kind === 'humanTask' || d.kind === 'stage') add(d.formKey);
  }
  return keys;
};

export const cmmnDefinitionExtraRoutes: FastifyPluginAsyncTypebox<{ rest: RestContext }> = async (
  app,
  { rest },
) => {
  const { engine, db } = rest;

  const requireDefinition = async (id: string) => {
    const definition = await getCaseDefinition(db, id);
    if (!definition) throw notFound('case definition', id);
    return definition;
  };
  /** The deployment the case came with (an app or process deployment), if any. */
  const parentOf = async (deploymentId: string) =>
    (await getChildDeployment(db, 'cmmn', deploymentId))?.parentDeploymentId ?? null;

  await app.register(definitionIdentityLinkRoutes, {
    rest,
    on: {
      definitions: 'cmmn-api/cmmn-repository/case-definitions',
      param: 'caseDefinitionId',
      tags,
      what: 'case definition',
      list: (id) => caseCandidateStarters(db, id),
      add: (id, who, by) => addCaseCandidateStarter(engine, id, who, by),
      remove: (id, who, by) => removeCaseCandidateStarter(engine, id, who, by),
    },
  });

  app.put(
    base,
    {
      schema: {
        body: CategoryBody,
        response: { 200: CaseDefinition },
        tags,
        summary: "Change a case definition's category",
        params,
      },
    },
    async (request) => {
      const id = request.params.caseDefinitionId;
      const { action, category } = request.body;
      const definition = await requireDefinition(id);
      // as Flowable: the category is the only change; anything else is an invalid action
      if (category == null)
        throw new WeirError('WEIR_ILLEGAL_ARGUMENT', `Invalid action: '${action ?? null}'.`);
      requireDeployer(principalOf(request), 'change the category of', `case definition '${id}'`);
      if (!(await setCaseDefinitionCategory(db, id, category))) throw notFound('case definition', id);
      return caseDefinitionResponse({ ...definition, category }, urlsFor(rest, request));
    },
  );

  app.get(
    `${base}/model`,
    {
      schema: {
        response: { 200: CmmnModelJson },
        tags,
        summary: "The case definition's parsed CMMN model as JSON",
        params,
      },
    },
    async (request) => {
      const definition = await requireDefinition(request.params.caseDefinitionId);
      const model = caseJson(await caseModelOf(db, definition));
      return { targetNamespace: null, primaryCase: model, cases: [model] };
    },
  );

  for (const [path, what] of [
    ['decisions', 'decisions'],
    ['decision-tables', 'decision tables (deprecated name of decisions)'],
  ] as const)
    app.get(
      `${base}/${path}`,
      {
        schema: {
          response: { 200: Type.Array(Decision) },
          tags,
          summary: `The ${what} deployed with the case definition`,
          params,
        },
      },
      async (request) => {
        const definition = await requireDefinition(request.params.caseDefinitionId);
        const parent = await parentOf(definition.deploymentId);
        if (!parent) return [];
        const urls = urlsFor(rest, request);
        return (await decisionsDeployedWith(db, parent)).map((d) => decisionResponse(d, urls));
      },
    );

  app.get(
    `${base}/form-definitions`,
    {
      schema: {
        response: { 200: Type.Array(FormDefinition) },
        tags,
        summary: 'The form definitions the case, its stages and human tasks name',
        params,
      },
    },
    async (request) => {
      const definition = await requireDefinition(request.params.caseDefinitionId);
      const model = await caseModelOf(db, definition);
      const parent = await parentOf(definition.deploymentId);
      const urls = urlsFor(rest, request);
      const forms = [];
      for (const key of formKeysOf(model)) {
        const form = await formDefinitionForKey(db, key, definition.tenantId, parent);
        if (form) forms.push(formDefinitionResponse(form, urls));
      }
      return forms;
    },
  );

  app.get(
    `${base}/start-form`,
    {
      schema: {
        response: { 200: FormModel },
        tags,
        summary: "The case's start form (its plan model's flowable:formKey)",
        params,
      },
    },
    async (request) => {
      const definition = await requireDefinition(request.params.caseDefinitionId);
      const { startFormKey } = await caseModelOf(db, definition);
      if (!startFormKey)
        throw new WeirError(
          'WEIR_NOT_FOUND',
          `Case definition does not have a start form defined: ${definition.id}`,
        );
      const form = await formDefinitionForKey(
        db,
        startFormKey,
        definition.tenantId,
        await parentOf(definition.deploymentId),
      );
      if (!form)
        throw new WeirError(
          'WEIR_NOT_FOUND',
          `Case definition '${definition.id}' names start form '${startFormKey}', which no form deployment has`,
        );
      return formModelResponse(form, fieldsWithValues(form.model, {}));
    },
  );
};
