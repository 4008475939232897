/**
 * `/dmn-api/dmn-rule`: executing a decision by key, as Flowable's DmnRuleServiceResource and
 * DmnDecisionServiceResource do: `execute` answers a list of results (each a list of variables),
 * `execute/single-result` one result; `execute-decision` and `execute-decision-service` (with
 * their `single-result` forms) do the same and check what the key names.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { executeDecisionByKey, singleResult } from '../../../dmn/dmn-commands.ts';
import { inferType } from '../../../engine/variables.ts';
import { NullableStr, urlsFor, type RestContext } from '../context.ts';
import { RestVariableList, toEngineVariables } from '../variables.ts';
import { DecisionResults, DecisionSingleResult } from '../schemas/dmn.ts';

const tags = ['DMN Rule Service'];

const RuleRequest = Type.Object(
  {
    decisionKey: Type.String({
      minLength: 1,
      description: 'Key of the decision (or decision service) to run',
    }),
    tenantId: NullableStr(),
    parentDeploymentId: NullableStr(),
    inputVariables: RestVariableList(),
    disableHistory: Type.Optional(
      Type.Boolean({ description: 'true: the execution is not written to the decision history' }),
    ),
  },
  { additionalProperties: false },
);

/** One result map as Flowable's EngineRestVariable list. */
const resultVariables = (result: Record<string, unknown>) =>
  Object.entries(result).map(([name, value]) => {
    const type = inferType(name, value);
    return {
      name,
      type: type === 'null' ? null : type,
      value: value instanceof Date ? value.toISOString() : (value ?? null),
      valueUrl: null,
    };
  });

const routes = [
  { path: 'execute', expect: null, single: false },
  { path: 'execute/single-result', expect: null, single: true },
  { path: 'execute-decision', expect: 'decision', single: false },
  { path: 'execute-decision/single-result', expect: 'decision', single: true },
  { path: 'execute-decision-service', expect: 'decision_service', single: false },
  { path: 'execute-decision-service/single-result', expect: 'decision_service', single: true },
] as const;

export const dmnRuleRoutes: FastifyPluginAsyncTypebox<{ rest: RestContext }> = async (app, { rest }) => {
  for (const route of routes) {
    app.post(
      `/dmn-api/dmn-rule/${route.path}`,
      {
        schema: {
          response: { 201: route.single ? DecisionSingleResult : DecisionResults },
          tags,
          summary: `Execute a ${route.expect === 'decision_service' ? 'decision service' : 'decision'}${route.single ? ', expecting a single result' : ''}`,
          body: RuleRequest,
        },
      },
      async (request, reply) => {
        const run = await executeDecisionByKey(rest.engine, {
          decisionKey: request.body.decisionKey,
          tenantId: request.body.tenantId ?? '',
          parentDeploymentId: request.body.parentDeploymentId ?? null,
          variables: toEngineVariables(request.body.inputVariables).values,
          expect: route.expect,
          disableHistory: request.body.disableHistory,
        });
        const url = urlsFor(rest, request)('dmn-api/dmn-rule/%s', route.path);
        reply.code(201);
        if (route.single) return { resultVariables: resultVariables(singleResult(run)), url };
        return { resultVariables: run.results.map(resultVariables), url };
      },
    );
  }
};
