/** Resource data is served as a download, and every answer carries the security headers. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basic, createHttpHarness, multipart, type HttpHarness } from '../http/harness.ts';

let h: HttpHarness;
let deploymentId: string;

const svg = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>';

beforeAll(async () => {
  h = await createHttpHarness();
  const { payload, contentType } = multipart([
    { name: 'diagram.svg', content: svg },
    { name: 'page.html', content: '<html><script>alert(1)</script></html>' },
  ]);
  const response = await h.app.inject({
    method: 'POST',
    url: '/process-api/repository/deployments',
    headers: { authorization: basic('admin'), 'content-type': contentType },
    payload,
  });
  deploymentId = (response.json() as { id: string }).id;
});
afterAll(() => h.close());

const expectSecurityHeaders = (headers: Record<string, unknown>) => {
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['content-security-policy']).toBe("default-src 'none';frame-ancestors 'none'");
  expect(headers['x-frame-options']).toBe('SAMEORIGIN');
  expect(headers['referrer-policy']).toBe('no-referrer');
};

describe('resource data', () => {
  it.each([
    ['diagram.svg', 'image/svg+xml'],
    ['page.html', 'application/octet-stream'],
  ])('serves %s as an attachment, never inline', async (name, type) => {
    const response = await h.request(
      'GET',
      `/process-api/repository/deployments/${deploymentId}/resourcedata/${name}`,
    );
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain(type);
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename="${name}"; filename*=UTF-8''${name}`,
    );
    expectSecurityHeaders(response.headers);
  });
});

describe('security headers', () => {
  it('are on JSON answers, errors, 404s and answers to anonymous requests', async () => {
    for (const response of [
      await h.request('GET', '/process-api/repository/deployments'),
      await h.request('GET', '/process-api/runtime/tasks/nope'),
      await h.request('GET', '/no/such/path'),
      await h.request('GET', '/process-api/runtime/tasks', { as: null }),
    ]) {
      expectSecurityHeaders(response.headers);
    }
  });

  it('leave /docs working: Swagger UI with a policy of its own that still forbids inline scripts and framing', async () => {
    const response = await h.request('GET', '/docs');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/html');
    expect(response.body).toContain('src="docs/swagger-ui-bundle.js"');
    expect(response.body).not.toMatch(/<script>|<style|style=/);
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });
});
