/**
 * A binary or serializable variable sent as Flowable's clients send it: `multipart/form-data`
 * with one file part (its field name does not matter; Flowable takes the first file) and the
 * text fields `name`, `type` (`binary`, the default, or `serializable`) and `scope`. The
 * whole body counts against `server.max-body-size`; the bytes against the variable size limit
 * (checked where they are stored).
 */
import type { FastifyRequest } from 'fastify';
import { WeirError } from '../../errors.ts';
import { isBytesType, variableBytes, type BytesType } from '../../engine/variable-bytes.ts';
import {
  writeExecutionVariables,
  type VariableInput,
  type VariableWrite,
} from '../../engine/execution-variables.ts';
import { principalOf } from '../auth/basic-auth.ts';
import { urlsFor, type RestContext } from './context.ts';
import { restVariable } from './variables.ts';
import type { HttpLimits } from '../hardening/limits.ts';
import { malformed, refuseDeclaredOversize } from './deployment-upload.ts';

export interface VariableUpload {
  readonly name: string;
  readonly type: BytesType;
  readonly scope: 'local' | 'global' | undefined;
  readonly bytes: Buffer;
}

const uploadFields = new Set(['name', 'type', 'scope']);

const bodyTooLarge = (limit: number) =>
  new WeirError(
    'WEIR_BODY_TOO_LARGE',
    `The request body is larger than the limit of ${limit} bytes (server.max-body-size)`,
  );

const readParts = async (request: FastifyRequest, limits: HttpLimits) => {
  refuseDeclaredOversize(request, limits.maxBodySize);
  let budget = limits.maxBodySize;
  const fields = new Map<string, string>();
  let file: Buffer | undefined;
  for await (const part of request.parts()) {
    if (part.type !== 'file') {
      const value = String(part.value);
      budget -= Buffer.byteLength(value);
      if (budget < 0) throw bodyTooLarge(limits.maxBodySize);
      if (!uploadFields.has(part.fieldname)) {
        throw new WeirError(
          'WEIR_ILLEGAL_ARGUMENT',
          `Unknown form field '${part.fieldname}'; a variable upload takes a file and the fields name, type and scope`,
        );
      }
      fields.set(part.fieldname, value);
      continue;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of part.file as AsyncIterable<Buffer>) {
      budget -= chunk.length;
      if (budget < 0) throw bodyTooLarge(limits.maxBodySize);
      // later files are read to the end (the body must be consumed) and ignored, as in Flowable
      if (file === undefined) chunks.push(chunk);
    }
    file ??= Buffer.concat(chunks);
  }
  return { fields, file };
};

export const readVariableUpload = async (
  request: FastifyRequest,
  limits: HttpLimits,
): Promise<VariableUpload> => {
  let read: Awaited<ReturnType<typeof readParts>>;
  try {
    read = await readParts(request, limits);
  } catch (error) {
    throw malformed(error);
  }
  const { fields, file } = read;
  if (file === undefined) {
    throw new WeirError('WEIR_ILLEGAL_ARGUMENT', 'No file content was found in request body.');
  }
  const name = fields.get('name');
  if (!name) throw new WeirError('WEIR_ILLEGAL_ARGUMENT', 'No variable name was found in request body.');
  const type = fields.get('type') || 'binary';
  if (!isBytesType(type)) {
    throw new WeirError(
      'WEIR_ILLEGAL_ARGUMENT',
      `Field 'type' is '${type}': only 'binary' and 'serializable' are supported as variable type of an upload.`,
    );
  }
  const scope = fields.get('scope') || undefined;
  if (scope !== undefined && scope !== 'local' && scope !== 'global') {
    throw new WeirError('WEIR_ILLEGAL_ARGUMENT', `Field 'scope' is '${scope}': expected local or global.`);
  }
  return { name, type, scope, bytes: file };
};

/** A `urls(...)` template with `%s` for the owner's id and the variable name. */
type Template = string;

/** The upload as the engine writes it. */
export const uploadedVariable = (upload: VariableUpload): VariableInput => ({
  name: upload.name,
  value: variableBytes(upload.bytes, upload.type),
  type: upload.type,
});

/**
 * A body schema for routes that take JSON or a variable upload: JSON is validated against
 * `schema`; a multipart body is read by the handler (readVariableUpload). A text body (which
 * Fastify parses as a string) is held to the JSON schema too, so it is a 400, never a string
 * in a handler that expects objects.
 */
export const jsonOrUpload = <S>(schema: S) => ({
  content: { 'application/json': { schema }, 'text/plain': { schema } },
});

/**
 * An uploaded variable written on an execution or process instance (`local` forces the
 * instance's own scope: process-instance routes have no other) and answered as JSON.
 */
export const writeUploadedVariable = async (
  rest: RestContext,
  request: FastifyRequest,
  executionId: string,
  options: { mode: VariableWrite['mode']; local?: boolean; urlName?: string; dataUrl: Template },
) => {
  const upload = await readVariableUpload(request, rest.limits);
  if (options.urlName !== undefined && upload.name !== options.urlName) {
    throw new WeirError(
      'WEIR_ILLEGAL_ARGUMENT',
      'Variable name in the body should be equal to the name used in the requested URL.',
    );
  }
  const write: VariableWrite = {
    variables: [uploadedVariable(upload)],
    scope: options.local ? 'local' : (upload.scope ?? 'local'),
    mode: options.mode,
    single: options.urlName !== undefined,
  };
  const [written] = await writeExecutionVariables(rest.engine, executionId, write, principalOf(request));
  const url = urlsFor(rest, request)(options.dataUrl, executionId, written.name);
  return restVariable(written.name, written.variable, written.scope, url);
};
