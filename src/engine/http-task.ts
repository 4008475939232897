/**
 * Flowable's HTTP task (`<serviceTask flowable:type="http">`): build the request from the
 * task's fields, send it inside the command, and store what came back as Flowable names it
 * (`<taskId>ResponseBody`, `...ResponseStatusCode`, or under `resultVariablePrefix`).
 *
 * The request runs while the command holds its instance lock and database connection, as in
 * Flowable, where it runs inside the transaction; a slow server therefore holds both for up
 * to the timeout. Models that call slow services should make the task `flowable:async`, so
 * that it runs as a job: a failure then retries the job, and a call may be made more than
 * once (the job can fail after the server acted), so called services should be idempotent.
 */
import type { ServiceTaskNode } from '../model/types.ts';
import { HTTP_METHODS } from '../model/outbound-tasks.ts';
import { WeirError } from '../errors.ts';
import { BpmnError, isBpmnError } from './bpmn-error.ts';
import type { CommandContext } from './context.ts';
import type { ExecutionState } from './runtime-types.ts';
import { sendHttpRequest, type OutgoingRequest, type ReceivedResponse } from './http-request.ts';
import { parseHeaderLines, readTaskFields, type TaskFields } from './outbound-fields.ts';
import { setTransientVariable, setVariable } from './variable-scope.ts';

interface RequestPlan {
  request: OutgoingRequest;
  prefix: string;
  ignoreException: boolean;
  failCodes: Set<string>;
  handleCodes: Set<string>;
}

const codeSet = (text: string | undefined): Set<string> =>
  new Set(
    (text ?? '')
      .split(',')
      .map((code) => code.trim().toUpperCase())
      .filter((code) => code !== ''),
  );

/** `404` matches itself; `4XX` matches any 4xx status */
const matches = (codes: Set<string>, status: string): boolean =>
  codes.has(status) || codes.has(`${status[0]}XX`);

const ENCODINGS: Record<string, BufferEncoding> = {
  'utf-8': 'utf8',
  utf8: 'utf8',
  'iso-8859-1': 'latin1',
  latin1: 'latin1',
  'us-ascii': 'ascii',
  'utf-16le': 'utf16le',
};

const encodeBody = (body: string | undefined, encoding: string | undefined, where: string) => {
  if (body === undefined || encoding === undefined) return body;
  const nodeEncoding = ENCODINGS[encoding.trim().toLowerCase()];
  if (nodeEncoding === undefined) {
    throw new WeirError(
      'WEIR_HTTP_TASK_FAILED',
      `HTTP task '${where}': requestBodyEncoding '${encoding}' is not one of UTF-8, ISO-8859-1, US-ASCII, UTF-16LE`,
    );
  }
  return Buffer.from(body, nodeEncoding);
};

const planRequest = (
  ctx: CommandContext,
  exec: ExecutionState,
  node: ServiceTaskNode,
  f: TaskFields,
): RequestPlan => {
  const where = node.id;
  const method = f.string('requestMethod')?.trim().toUpperCase();
  const url = f.string('requestUrl')?.trim();
  if (method === undefined || !(HTTP_METHODS as readonly string[]).includes(method)) {
    throw new WeirError(
      'WEIR_HTTP_TASK_FAILED',
      `HTTP task '${where}': requestMethod '${method ?? ''}' is invalid`,
    );
  }
  if (url === undefined || url === '' || !URL.canParse(url)) {
    throw new WeirError(
      'WEIR_HTTP_TASK_FAILED',
      `HTTP task '${where}': requestUrl '${url ?? ''}' is not a URL`,
    );
  }
  const settings = ctx.services.config.httpTask;
  const bodyText = f.string('requestBody');
  const plan: RequestPlan = {
    request: {
      method,
      url,
      headers: parseHeaderLines(f.string('requestHeaders'), where, 'WEIR_HTTP_TASK_FAILED'),
      // fetch refuses a body on GET, and a GET with a body means nothing to most servers
      body: method === 'GET' ? undefined : encodeBody(bodyText, f.string('requestBodyEncoding'), where),
      timeout: f.int('requestTimeout') || settings.connectTimeout + settings.socketTimeout,
      noRedirects: f.bool('disallowRedirects'),
    },
    prefix: f.string('resultVariablePrefix') ?? node.id,
    ignoreException: f.bool('ignoreException'),
    failCodes: codeSet(f.string('failStatusCodes')),
    handleCodes: codeSet(f.string('handleStatusCodes')),
  };
  if (f.bool('saveRequestVariables')) {
    const saved: Record<string, unknown> = {
      RequestMethod: method,
      RequestUrl: url,
      RequestHeaders: f.string('requestHeaders') ?? null,
      RequestBody: bodyText ?? null,
      RequestBodyEncoding: f.string('requestBodyEncoding') ?? null,
      RequestTimeout: f.int('requestTimeout') ?? null,
      DisallowRedirects: plan.request.noRedirects,
      FailStatusCodes: f.string('failStatusCodes') ?? null,
      HandleStatusCodes: f.string('handleStatusCodes') ?? null,
      IgnoreException: plan.ignoreException,
      SaveRequestVariables: true,
      SaveResponseParameters: f.bool('saveResponseParameters'),
    };
    for (const [name, value] of Object.entries(saved)) setVariable(ctx, exec, plan.prefix + name, value);
  }
  return plan;
};

const parseJsonBody = (body: string | null, where: string): unknown => {
  if (body === null || body.trim() === '') return null;
  try {
    return JSON.parse(body) as unknown;
  } catch (error) {
    throw new WeirError('WEIR_HTTP_TASK_FAILED', `HTTP task '${where}': the response body is not JSON`, {
      cause: error,
    });
  }
};

const saveResponse = (
  ctx: CommandContext,
  exec: ExecutionState,
  node: ServiceTaskNode,
  f: TaskFields,
  plan: RequestPlan,
  response: ReceivedResponse,
): void => {
  const transient = f.bool('saveResponseParametersTransient');
  const store = (name: string, value: unknown) =>
    transient ? setTransientVariable(ctx, exec, name, value) : setVariable(ctx, exec, name, value);
  const { prefix } = plan;
  if (f.bool('saveResponseParameters')) {
    // fetch does not report the protocol version; undici speaks HTTP/1.1 unless told otherwise
    store(`${prefix}ResponseProtocol`, 'HTTP/1.1');
    store(`${prefix}ResponseStatusCode`, response.status);
    store(`${prefix}ResponseReason`, response.reason);
    store(
      `${prefix}ResponseHeaders`,
      response.headers.map(([name, value]) => `${name}: ${value}`).join('\n'),
    );
  }
  const bodyName = f.string('responseVariableName') || `${prefix}ResponseBody`;
  store(
    bodyName,
    f.bool('saveResponseVariableAsJson') ? parseJsonBody(response.body, node.id) : response.body,
  );

  const errorStatus = response.status >= 400 || (plan.request.noRedirects && response.status >= 300);
  if (!errorStatus) return;
  const status = String(response.status);
  if (matches(plan.handleCodes, status)) throw new BpmnError(`HTTP${status}`);
  if (matches(plan.failCodes, status)) {
    throw new WeirError(
      'WEIR_HTTP_TASK_FAILED',
      `HTTP${status}: HTTP task '${node.id}' got status ${status}, which failStatusCodes lists`,
    );
  }
};

/**
 * Run the task. Field and request-building errors always fail it; errors of the exchange and
 * of storing the answer are kept in `<prefix>ErrorMessage` instead when `ignoreException` is
 * true. A status listed in `handleStatusCodes` throws BPMN error `HTTP<status>`, which error
 * boundary events catch.
 */
export const runHttpTask = async (
  ctx: CommandContext,
  exec: ExecutionState,
  node: ServiceTaskNode,
): Promise<void> => {
  const f = readTaskFields(ctx, exec, node.fields, node.id);
  const plan = planRequest(ctx, exec, node, f);
  try {
    const response = await sendHttpRequest(plan.request, node.id, ctx.services.config.httpTask);
    saveResponse(ctx, exec, node, f, plan, response);
  } catch (error) {
    if (isBpmnError(error) || !plan.ignoreException) throw error;
    if (error instanceof WeirError && error.code === 'WEIR_HTTP_TASK_HOST_NOT_ALLOWED') throw error;
    setVariable(
      ctx,
      exec,
      `${plan.prefix}ErrorMessage`,
      error instanceof Error ? error.message : String(error),
    );
  }
};
