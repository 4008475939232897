/**
 * The network side of the HTTP task: one request with Node's built-in `fetch`, bounded in
 * time (one AbortSignal over connect, redirects and body) and in the bytes read, to hosts
 * the allow-list admits. Redirects are followed here rather than by `fetch`, so that every
 * hop's host is checked: otherwise an admitted host could redirect the engine anywhere.
 */
import { WeirError } from '../errors.ts';

export interface HttpTaskSettings {
  /** host names a task may call (`*.example.com` admits subdomains); empty admits any */
  allowedHosts: readonly string[];
  /** ms; with `socketTimeout`, the default bound of a request that sets no `requestTimeout` */
  connectTimeout: number;
  socketTimeout: number;
  /** bytes of a response body read into a variable; a larger body fails the task */
  maxResponseSize: number;
}

export const defaultHttpTaskSettings: HttpTaskSettings = {
  allowedHosts: [],
  // Flowable's defaults (`flowable.http.connect-timeout`, `socket-timeout`): five seconds each
  connectTimeout: 5000,
  socketTimeout: 5000,
  maxResponseSize: 1024 * 1024,
};

export interface OutgoingRequest {
  method: string;
  url: string;
  headers: [string, string][];
  body?: string | Buffer;
  /** ms for the whole exchange */
  timeout: number;
  noRedirects: boolean;
}

export interface ReceivedResponse {
  status: number;
  reason: string;
  headers: [string, string][];
  body: string | null;
}

// fetch's own limit; a chain longer than this is a loop or an abuse
const MAX_REDIRECTS = 20;

const hostAllowed = (host: string, allowed: readonly string[]): boolean =>
  allowed.length === 0 ||
  allowed.some((entry) => {
    const pattern = entry.toLowerCase();
    return pattern.startsWith('*.') ? host.endsWith(pattern.slice(1)) : host === pattern;
  });

const checkTarget = (url: URL, where: string, settings: HttpTaskSettings): void => {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new WeirError(
      'WEIR_HTTP_TASK_FAILED',
      `HTTP task '${where}': '${url.protocol}' URLs cannot be called`,
    );
  }
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (!hostAllowed(host, settings.allowedHosts)) {
    throw new WeirError(
      'WEIR_HTTP_TASK_HOST_NOT_ALLOWED',
      `HTTP task '${where}': host '${host}' is not in weir.http-task.allowed-hosts`,
    );
  }
};

/** Read at most `limit` bytes; past it, stop reading and fail rather than buffer without end. */
const readBounded = async (response: Response, limit: number, where: string): Promise<Buffer> => {
  if (!response.body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    size += chunk.byteLength;
    if (size > limit) {
      await response.body.cancel().catch(() => undefined);
      throw new WeirError(
        'WEIR_HTTP_TASK_FAILED',
        `HTTP task '${where}': the response body is larger than ${limit} bytes (weir.http-task.max-response-size)`,
      );
    }
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
};

const charsetOf = (contentType: string | null): BufferEncoding => {
  const charset = /charset="?([^";]+)/i.exec(contentType ?? '')?.[1]?.toLowerCase();
  if (charset === 'iso-8859-1' || charset === 'latin1') return 'latin1';
  if (charset === 'us-ascii') return 'ascii';
  if (charset === 'utf-16le') return 'utf16le';
  return 'utf8';
};

/** The method and body of the next hop, as browsers and fetch do it (RFC 9110 section 15.4). */
const nextHop = (status: number, method: string, body: OutgoingRequest['body']) =>
  status === 303 || ((status === 301 || status === 302) && method === 'POST')
    ? { method: status === 303 && method === 'HEAD' ? 'HEAD' : 'GET', body: undefined }
    : { method, body };

export const sendHttpRequest = async (
  request: OutgoingRequest,
  where: string,
  settings: HttpTaskSettings,
): Promise<ReceivedResponse> => {
  const signal = AbortSignal.timeout(request.timeout);
  let url = new URL(request.url);
  let { method, body } = request;
  try {
    for (let hop = 0; ; hop++) {
      checkTarget(url, where, settings);
      const response = await fetch(url, {
        method,
        headers: request.headers,
        body,
        redirect: 'manual',
        signal,
      });
      const location = response.headers.get('location');
      if (!request.noRedirects && response.status >= 300 && response.status < 400 && location) {
        await response.body?.cancel().catch(() => undefined);
        if (hop >= MAX_REDIRECTS) {
          throw new WeirError(
            'WEIR_HTTP_TASK_FAILED',
            `HTTP task '${where}': more than ${MAX_REDIRECTS} redirects`,
          );
        }
        url = new URL(location, url);
        ({ method, body } = nextHop(response.status, method, body));
        continue;
      }
      const bytes = await readBounded(response, settings.maxResponseSize, where);
      return {
        status: response.status,
        reason: response.statusText,
        headers: [...response.headers.entries()],
        body: bytes.length === 0 ? null : bytes.toString(charsetOf(response.headers.get('content-type'))),
      };
    }
  } catch (error) {
    if (error instanceof WeirError) throw error;
    if (signal.aborted) {
      throw new WeirError(
        'WEIR_HTTP_TASK_FAILED',
        `HTTP task '${where}': no complete answer from ${method} ${url.origin}${url.pathname} within ${request.timeout} ms`,
        { cause: error },
      );
    }
    const reason =
      error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
    throw new WeirError(
      'WEIR_HTTP_TASK_FAILED',
      `HTTP task '${where}': ${method} ${url.origin}${url.pathname} failed: ${reason}`,
      { cause: error },
    );
  }
};
