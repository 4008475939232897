/**
 * Deploy-time checks of Flowable's built-in HTTP task and mail task
 * (`<serviceTask flowable:type="http|mail">`). Both are configured only by `flowable:field`s;
 * a field the task does not know is refused here, because at run time it would be silently
 * ignored and the model would not do what its author meant.
 */
import type { BuildContext } from './context.ts';
import type { FieldInjection } from './types.ts';

const HTTP_TASK_FIELDS = [
  'requestMethod',
  'requestUrl',
  'requestHeaders',
  'requestBody',
  'requestBodyEncoding',
  'requestTimeout',
  'disallowRedirects',
  'failStatusCodes',
  'handleStatusCodes',
  'ignoreException',
  'saveRequestVariables',
  'saveResponseParameters',
  'saveResponseParametersTransient',
  'saveResponseVariableAsJson',
  'resultVariablePrefix',
  'responseVariableName',
] as const;

const MAIL_TASK_FIELDS = [
  'to',
  'from',
  'subject',
  'cc',
  'bcc',
  'text',
  'html',
  'textVar',
  'htmlVar',
  'charset',
  'ignoreException',
  'exceptionVariableName',
  'headers',
] as const;

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** Fields Flowable has but Weir refuses, with the reason the author is told. */
const REFUSED: Record<'http' | 'mail', Record<string, string>> = {
  http: {
    httpActivityBehaviorClass:
      "flowable:field 'httpActivityBehaviorClass' is not supported: Weir's HTTP task cannot be replaced by a Java class",
  },
  mail: {
    attachments: "flowable:field 'attachments' is not supported: Weir's mail task sends no attachments",
  },
};

export const checkOutboundTaskFields = (
  type: 'http' | 'mail',
  fields: readonly FieldInjection[],
  id: string,
  ctx: BuildContext,
): void => {
  const known: readonly string[] = type === 'http' ? HTTP_TASK_FIELDS : MAIL_TASK_FIELDS;
  const label = type === 'http' ? 'an HTTP task' : 'a mail task';
  for (const field of fields) {
    const refusal = REFUSED[type][field.name];
    if (refusal !== undefined) ctx.problems.about(id, refusal);
    else if (!known.includes(field.name)) {
      ctx.problems.about(
        id,
        `flowable:field '${field.name}' is not a field of ${label} (known: ${known.join(', ')})`,
      );
    }
  }
  const byName = new Map(fields.map((field) => [field.name, field]));
  if (type === 'mail') return;
  for (const required of ['requestMethod', 'requestUrl']) {
    if (!byName.has(required)) ctx.problems.about(id, `an HTTP task needs a flowable:field '${required}'`);
  }
  const method = byName.get('requestMethod')?.stringValue;
  if (method !== undefined && !(HTTP_METHODS as readonly string[]).includes(method)) {
    ctx.problems.about(id, `requestMethod '${method}' is not one of ${HTTP_METHODS.join(', ')}`);
  }
};
