/**
 * The browser app's files (docs/ui.md): served without sign-in, under a Content-Security-Policy
 * that admits the app's own scripts and import map and nothing else, and only from the
 * allow-list: nothing else of `node_modules` or of the repository is reachable.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpHarness, type HttpHarness } from './harness.ts';

let h: HttpHarness;
beforeAll(async () => {
  h = await createHttpHarness();
}, 60_000);
afterAll(() => h.close());

describe('the app page', () => {
  it('is served without credentials, with its import map admitted by hash and no other inline script', async () => {
    const page = await h.request('GET', '/', { as: null });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    const map = /<script type="importmap">(.*?)<\/script>/.exec(page.body)?.[1];
    expect(JSON.parse(map!).imports).toEqual({
      preact: './vendor/preact.mjs',
      'preact/hooks': './vendor/preact-hooks.mjs',
      htm: './vendor/htm.mjs',
      'htm/preact': './vendor/htm-preact.mjs',
    });
    const csp = String(page.headers['content-security-policy']);
    const hash = createHash('sha256').update(map!).digest('base64');
    expect(csp).toContain(`script-src 'self' 'sha256-${hash}'`);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("'unsafe-eval'");
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  });

  it('keeps the strict policy on every other answer', async () => {
    const module = await h.request('GET', '/ui/app.js', { as: null });
    expect(module.statusCode).toBe(200);
    expect(module.headers['content-type']).toMatch(/javascript/);
    expect(module.headers['content-security-policy']).toBe("default-src 'none';frame-ancestors 'none'");
  });
});

describe('the libraries', () => {
  it('serves the allow-listed files', async () => {
    for (const file of [
      'preact.mjs',
      'preact-hooks.mjs',
      'htm-preact.mjs',
      'bpmn-navigated-viewer.js',
      'bpmn-js.css',
    ]) {
      const response = await h.request('GET', `/vendor/${file}`, { as: null });
      expect(response.statusCode, file).toBe(200);
    }
  });

  it('serves nothing else of node_modules or the repository', async () => {
    for (const url of [
      '/vendor/package.json',
      '/vendor/..%2F..%2Fpackage.json',
      '/vendor/bpmn-modeler.production.min.js',
      '/ui/../package.json',
      '/ui/..%2F..%2Fpackage.json',
      '/ui/index.html',
      '/ui/tsconfig.json',
      '/ui/globals.d.ts',
    ]) {
      // as the admin, so that a path outside the app's routes is a 404 too, not a 401
      const response = await h.request('GET', url);
      expect(response.statusCode, url).toBe(404);
      expect(response.body, url).not.toContain('"dependencies"');
    }
  });
});
