/**
 * Deployment resources are whatever a user uploaded: an `.svg`, `.xml` or `.html` served
 * inline with its own content type runs its scripts in the API's origin (stored XSS, once a
 * front end shares that origin). So resource bytes always go out as a download: with
 * `Content-Disposition: attachment` a browser saves instead of rendering, and the
 * `nosniff` and CSP headers every answer carries (security-headers.ts) cover the rest.
 */
import type { FastifyReply } from 'fastify';

/** `a/b/diagram.svg` -> `attachment; filename="diagram.svg"; filename*=UTF-8''diagram.svg` (RFC 6266). */
const attachmentDisposition = (resourceName: string): string => {
  const base = resourceName.split(/[/\\]/).pop() || 'resource';
  // the quoted form for old clients: printable ASCII only, without quote and backslash
  const ascii = base.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(base)}`;
};

export const sendAsDownload = (
  reply: FastifyReply,
  resourceName: string,
  mediaType: string,
  content: Uint8Array,
): FastifyReply =>
  reply
    .type(mediaType)
    .header('Content-Disposition', attachmentDisposition(resourceName))
    .send(Buffer.from(content));
