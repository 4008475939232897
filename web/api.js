/**
 * The REST API as the app calls it: relative URLs (so Weir may sit behind a path prefix), the
 * session cookie sent by the browser, and the CSRF token of the session on every request that
 * changes something (docs/ui.md). `X-Requested-With` asks the server for no Basic challenge,
 * which would open the browser's own password dialog.
 */

/** @type {string | null} */
let csrfToken = null;
/** @type {() => void} */
let onSignedOut = () => {};

/** @param {string | null} token */
export const setCsrfToken = (token) => {
  csrfToken = token;
};

/** @param {() => void} handler called when the server says the session is gone */
export const whenSignedOut = (handler) => {
  onSignedOut = handler;
};

export class ApiError extends Error {
  /**
   * @param {number} status
   * @param {{message?: string, exception?: string, fields?: {id: string, message: string}[]}} body
   */
  constructor(status, body) {
    super(body.exception ?? body.message ?? `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

/**
 * @param {'GET' | 'POST' | 'PUT' | 'DELETE'} method
 * @param {string} path relative, e.g. `process-api/runtime/tasks`
 * @param {unknown} [body] JSON, or FormData for an upload
 * @returns {Promise<any>}
 */
export const api = async (method, path, body) => {
  /** @type {Record<string, string>} */
  const headers = { 'X-Requested-With': 'weir-ui', Accept: 'application/json' };
  /** @type {BodyInit | undefined} */
  let payload;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  const response = await fetch(path, { method, headers, body: payload, credentials: 'same-origin' });
  if (!response.ok) {
    /** @type {any} */
    let errorBody;
    try {
      errorBody = await response.json();
    } catch {
      errorBody = { message: response.statusText };
    }
    if (response.status === 401 && !path.startsWith('auth/login')) onSignedOut();
    throw new ApiError(response.status, errorBody);
  }
  if (response.status === 204) return undefined;
  const type = response.headers.get('content-type') ?? '';
  return type.includes('json') ? response.json() : response.text();
};

/**
 * A query string from the defined values.
 * @param {Record<string, string | number | boolean | undefined | null>} params
 */
export const query = (params) => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
};

/** @param {string | null | undefined} iso */
export const when = (iso) => (iso ? new Date(iso).toLocaleString() : '');
