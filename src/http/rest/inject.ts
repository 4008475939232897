/**
 * Flowable's `POST runtime/process-instances/{id}/inject`: a user task (`injectionType: "task"`,
 * with `id`, `name`, `assignee`) or an embedded subprocess copied from another definition
 * (`injectionType: "subprocess"`, with `id`, `processDefinitionId`) starts in parallel to what the
 * instance is doing. With `taskId`, the activity runs next to that open user task instead, the
 * two joined before the instance goes on (Flowable's `injectParallelUserTask` and
 * `injectParallelEmbeddedSubProcess`). Answers 200 with no body, as Flowable does.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { WeirError } from '../../errors.ts';
import type { InjectRequest } from '../../engine/inject.ts';
import { principalOf } from '../auth/basic-auth.ts';
import type { RestContext } from './context.ts';
import { NoContent } from './schemas/common.ts';

const OptionalText = (description: string) =>
  Type.Optional(Type.Union([Type.String(), Type.Null()], { description }));

const InjectBody = Type.Object(
  {
    injectionType: Type.String({ description: '`task` or `subprocess` (any case)' }),
    id: Type.Optional(
      Type.Union([Type.String({ minLength: 1 }), Type.Null()], {
        description: 'Id of the injected activity (default: dynamicTask1, dynamicSubProcess1, ...)',
      }),
    ),
    name: OptionalText('Name of the injected user task'),
    assignee: OptionalText('Assignee of the injected user task'),
    processDefinitionId: OptionalText('For a subprocess: the definition whose process becomes its body'),
    taskId: OptionalText(
      'An open user task of the instance: the activity runs beside it, joined with it before the instance goes on',
    ),
    joinParallelActivitiesOnComplete: Type.Optional(
      Type.Boolean({ description: 'Accepted and ignored, as Flowable’s REST API ignores it' }),
    ),
  },
  { additionalProperties: false },
);

const given = (value: string | null | undefined): string | undefined => value ?? undefined;

const requestOf = (body: {
  injectionType: string;
  id?: string | null;
  name?: string | null;
  assignee?: string | null;
  processDefinitionId?: string | null;
  taskId?: string | null;
}): InjectRequest => {
  const type = body.injectionType.toLowerCase();
  const taskId = given(body.taskId);
  if (type === 'task')
    return {
      kind: 'userTask',
      id: given(body.id),
      name: given(body.name),
      assignee: given(body.assignee),
      taskId,
    };
  if (type === 'subprocess') {
    if (!body.processDefinitionId)
      throw new WeirError('WEIR_ILLEGAL_ARGUMENT', 'processDefinitionId is required');
    return { kind: 'subProcess', id: given(body.id), processDefinitionId: body.processDefinitionId, taskId };
  }
  throw new WeirError('WEIR_ILLEGAL_ARGUMENT', `injection type is not supported ${body.injectionType}`);
};

export const injectRoutes: FastifyPluginAsyncTypebox<{ rest: RestContext }> = async (app, { rest }) => {
  app.post(
    '/process-api/runtime/process-instances/:processInstanceId/inject',
    {
      schema: {
        response: { 200: NoContent },
        tags: ['Process Instances'],
        summary: 'Inject a user task or an embedded subprocess into a process instance',
        params: Type.Object({ processInstanceId: Type.String({ minLength: 1 }) }),
        body: InjectBody,
      },
    },
    async (request, reply) => {
      await rest.engine.operators.injectActivity(
        request.params.processInstanceId,
        requestOf(request.body),
        principalOf(request),
      );
      return reply.code(200).send();
    },
  );
};
