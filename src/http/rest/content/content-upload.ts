/**
 * A multipart/form-data upload of one content file with its form fields, streamed: the file
 * part goes straight into the content store (never buffered), under the content size limit
 * rather than the HTTP body limit. Fields may come before or after the file, as browsers and
 * Flowable's clients send them.
 */
import type { FastifyRequest } from 'fastify';
import { WeirError } from '../../../errors.ts';
import type { ContentEngine, StoredBytes } from '../../../content/content-engine.ts';
import { malformed } from '../deployment-upload.ts';

export interface ContentUpload {
  readonly fields: Record<string, string>;
  readonly bytes: StoredBytes | undefined;
}

/**
 * Read the form: `fields` maps the accepted field names (matched case-insensitively, as
 * Flowable does) to their canonical spelling; others are ignored. `beforeFile` runs on the
 * fields seen so far when the file begins, to refuse a request before its bytes are stored.
 */
export const readContentUpload = async (
  request: FastifyRequest,
  content: ContentEngine,
  fields: readonly string[],
  beforeFile: (fields: Record<string, string>) => Promise<void> = async () => {},
): Promise<ContentUpload> => {
  if (!request.isMultipart()) {
    throw new WeirError(
      'WEIR_UNSUPPORTED_MEDIA_TYPE',
      'Multipart request required to save content item data',
    );
  }
  const byLowerName = new Map(fields.map((name) => [name.toLowerCase(), name]));
  const kept: Record<string, string> = {};
  let bytes: StoredBytes | undefined;
  try {
    // busboy's own cap one byte above ours, so that the content limit's message comes first
    for await (const part of request.parts({ limits: { fileSize: content.maxSize + 1 } })) {
      if (part.type !== 'file') {
        const name = byLowerName.get(part.fieldname.toLowerCase());
        if (name) kept[name] = String(part.value);
        continue;
      }
      if (bytes) throw new WeirError('WEIR_ILLEGAL_ARGUMENT', 'Only one file may be uploaded');
      await beforeFile(kept);
      bytes = await content.store(part.file);
    }
  } catch (error) {
    if (bytes) await content.discard(bytes.key);
    throw malformed(error);
  }
  return { fields: kept, bytes };
};
