/**
 * Flowable's `POST runtime/process-instances/{id}/inject`: a user task (`injectionType: "task"`,
 * with `id`, `name`, `assignee`) or an embedded subprocess copied from another definition
 * (`injectionType: "subprocess"`, with `id`, `processDefinitionId`) starts in parallel to what the
 * instance is doing. Answers 200 with no body, as Flowable does. Flowable's `taskId` (inject next
 * to one task, joining after it) is refused by name: Weir injects at the instance level only.
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
    taskId: OptionalText('Not supported by Weir: must be absent or null'),
    joinParallelActivitiesOnComplete: Type.Optional(
      Type.Boolean({ description: 'Only meaningful with taskId; accepted and ignored' }),
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
  if (body.taskId)
    throw new WeirError(
      'WEIR_ILLEGAL_ARGUMENT',
      'taskId: injecting next to one task is not supported by Weir; inject into the process instance without taskId',
    );
  const type = body.injectionType.toLowerCase();
  if (type === 'task')
    return { kind: 'userTask', id: given(body.id), name: given(body.name), assignee: given(body.assignee) };
  if (type === 'subprocess') {
    if (!body.processDefinitionId)
      throw new WeirError('WEIR_ILLEGAL_ARGUMENT', 'processDefinitionId is required');
    return { kind: 'subProcess', id: given(body.id), processDefinitionId: body.processDefinitionId };
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
