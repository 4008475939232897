/**
 * One file in a multipart/form-data body (a model's source, a user's picture), read under a
 * byte limit: the first byte past it ends the upload with 413, before the rest is buffered.
 * Form fields named in `fields` are kept; other fields are refused by name.
 */
import type { FastifyRequest } from 'fastify';
import { WeirError } from '../../errors.ts';
import { malformed, refuseDeclaredOversize } from './deployment-upload.ts';

export interface SingleFileUpload {
  readonly bytes: Uint8Array;
  readonly contentType: string | undefined;
  readonly fields: Record<string, string>;
}

const tooLarge = (what: string, limit: number) =>
  new WeirError('WEIR_BODY_TOO_LARGE', `${what} takes at most ${limit} bytes`);

export const readSingleFileUpload = async (
  request: FastifyRequest,
  what: string,
  limit: number,
  fields: readonly string[] = [],
): Promise<SingleFileUpload> => {
  if (!request.isMultipart()) {
    throw new WeirError('WEIR_UNSUPPORTED_MEDIA_TYPE', 'Multipart request is required');
  }
  // the form's own overhead (boundaries, headers) on top of the file
  refuseDeclaredOversize(request, limit + 64 * 1024);
  const kept: Record<string, string> = {};
  let file: { bytes: Uint8Array; contentType: string | undefined } | undefined;
  try {
    for await (const part of request.parts()) {
      if (part.type !== 'file') {
        if (!fields.includes(part.fieldname)) {
          throw new WeirError('WEIR_ILLEGAL_ARGUMENT', `Unknown form field '${part.fieldname}'`);
        }
        kept[part.fieldname] = String(part.value);
        continue;
      }
      if (file) throw new WeirError('WEIR_ILLEGAL_ARGUMENT', 'Only one file may be uploaded');
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of part.file as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > limit) throw tooLarge(what, limit);
        chunks.push(chunk);
      }
      file = { bytes: new Uint8Array(Buffer.concat(chunks)), contentType: part.mimetype };
    }
  } catch (error) {
    throw malformed(error);
  }
  if (!file) throw new WeirError('WEIR_ILLEGAL_ARGUMENT', 'Multipart request with file content is required');
  return { ...file, fields: kept };
};
