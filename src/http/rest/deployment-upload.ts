/**
 * Reading a multipart deployment upload under one budget for the whole request. Before, the
 * body limit applied to each file alone and each file was buffered whole: a hundred files of
 * 10 MB were accepted, memory tripled and health checks timed out. Now:
 * - a declared `Content-Length` over `server.max-body-size` is refused before reading a byte;
 * - parts are read chunk by chunk and every byte of every part counts against the one
 *   budget; the first byte past it ends the upload with 413 (and the connection is closed,
 *   so the rest of the body is never read);
 * - at most `weir.deployment.max-resources` files are accepted;
 * - `.bar`/`.zip` files are expanded under their own limits (deployment-archive.ts).
 */
import type { FastifyRequest } from 'fastify';
import { WeirError } from '../../errors.ts';
import type { DeploymentResource } from '../../engine/deploy.ts';
import type { HttpLimits } from '../hardening/limits.ts';
import { expandArchive, isArchiveName } from './deployment-archive.ts';

export interface DeploymentUpload {
  readonly resources: DeploymentResource[];
  readonly fields: Record<string, string>;
}

const deploymentFormFields = new Set([
  'deploymentKey',
  'deploymentName',
  'tenantId',
  'category',
  'enableDuplicateFiltering',
]);

export const bodyTooLarge = (limit: number) =>
  new WeirError(
    'WEIR_BODY_TOO_LARGE',
    `The request body is larger than the limit of ${limit} bytes (server.max-body-size) for all parts together`,
  );

/** 413 at once when the client announces more than the budget. */
export const refuseDeclaredOversize = (request: FastifyRequest, limit: number): void => {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw bodyTooLarge(limit);
};

/**
 * busboy's own complaints ("Unexpected end of form", "Malformed part header") carry no status
 * and would be a 500; they describe the client's body, so they are a 400. Fastify's limit
 * errors keep their own status.
 */
export const malformed = (error: unknown): unknown => {
  if (error instanceof WeirError || typeof (error as { statusCode?: unknown }).statusCode === 'number') {
    return error;
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new WeirError('WEIR_ILLEGAL_ARGUMENT', `The multipart body is malformed: ${reason}`, {
    cause: error,
  });
};

export interface UploadOptions {
  /** refuse an uploaded file by its name (throw) before a byte of it is read */
  readonly checkFileName?: (name: string) => void;
}

export const readDeploymentUpload = async (
  request: FastifyRequest,
  limits: HttpLimits,
  options: UploadOptions = {},
): Promise<DeploymentUpload> => {
  try {
    return await readParts(request, limits, options);
  } catch (error) {
    throw malformed(error);
  }
};

const readParts = async (
  request: FastifyRequest,
  limits: HttpLimits,
  options: UploadOptions,
): Promise<DeploymentUpload> => {
  refuseDeclaredOversize(request, limits.maxBodySize);
  const resources: DeploymentResource[] = [];
  const fields: Record<string, string> = {};
  let budget = limits.maxBodySize;
  let files = 0;
  for await (const part of request.parts()) {
    if (part.type !== 'file') {
      budget -= Buffer.byteLength(String(part.value));
      if (budget < 0) throw bodyTooLarge(limits.maxBodySize);
      if (!deploymentFormFields.has(part.fieldname)) {
        throw new WeirError('WEIR_ILLEGAL_ARGUMENT', `Unknown form field '${part.fieldname}'`);
      }
      fields[part.fieldname] = String(part.value);
      continue;
    }
    if (++files > limits.maxDeploymentResources) {
      throw new WeirError(
        'WEIR_BODY_TOO_LARGE',
        `A deployment takes at most ${limits.maxDeploymentResources} files (weir.deployment.max-resources)`,
      );
    }
    options.checkFileName?.(part.filename || part.fieldname);
    const chunks: Buffer[] = [];
    for await (const chunk of part.file as AsyncIterable<Buffer>) {
      budget -= chunk.length;
      if (budget < 0) throw bodyTooLarge(limits.maxBodySize);
      chunks.push(chunk);
    }
    const name = part.filename || part.fieldname;
    const content = new Uint8Array(Buffer.concat(chunks));
    if (isArchiveName(name)) resources.push(...expandArchive(name, content, limits));
    else resources.push({ name, content });
  }
  return { resources, fields };
};
