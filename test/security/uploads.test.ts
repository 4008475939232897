/**
 * Uploads are bounded as a whole: bytes across all parts, number of files, refused early and
 * without reading the rest of the body.
 */
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basic, createHttpHarness, multipart, type HttpHarness } from '../http/harness.ts';
import { uploadGigabyte } from './misbehaving-clients.ts';

const MB = 1024 * 1024;

let h: HttpHarness;
let port: number;

beforeAll(async () => {
  h = await createHttpHarness({ maxBodySize: 10 * MB });
  await h.app.listen({ port: 0, host: '127.0.0.1' });
  port = (h.app.server.address() as { port: number }).port;
});
afterAll(() => h.close());

const deploymentCount = async () =>
  ((await h.request('GET', '/process-api/repository/deployments')).json() as { total: number }).total;

describe('multipart uploads', () => {
  it('refuses a 1 GB upload of 100 files at once, with flat memory, without reading it', async () => {
    // verify the password once first: scrypt's time is not what this test is about
    expect((await h.request('GET', '/process-api/repository/deployments')).statusCode).toBe(200);
    const outcome = await uploadGigabyte(port, basic('admin'), () => process.memoryUsage().rss);
    expect(outcome.status).toBe(413);
    expect(JSON.parse(outcome.body).exception).toContain('server.max-body-size');
    // ~200 ms on an idle machine; the bound leaves room for a loaded one (2.4 s seen with
    // other suites running on two cores). The proof that reading stopped is the byte count.
    expect(outcome.answeredAfterMs).toBeLessThan(3000);
    // the budget is 10 MB: a little more is in flight in socket buffers, nowhere near 1 GB
    expect(outcome.bytesSent).toBeLessThan(100 * MB);
    expect(outcome.maxRssGrowth).toBeLessThan(100 * MB);
    expect(await deploymentCount()).toBe(0);
  }, 30_000);

  it('refuses a declared 50 MB deployment at once with 413, and writes nothing', async () => {
    const xml = `<definitions>${' '.repeat(50 * MB)}</definitions>`;
    const { payload, contentType } = multipart([{ name: 'huge.bpmn20.xml', content: xml }]);
    const response = await h.app.inject({
      method: 'POST',
      url: '/process-api/repository/deployments',
      headers: { authorization: basic('admin'), 'content-type': contentType },
      payload,
    });
    expect(response.statusCode).toBe(413);
    expect(response.json().exception).toContain('server.max-body-size');
    expect(await deploymentCount()).toBe(0);
  });

  it('counts all parts together: eleven files of 1 MB exceed a 10 MB budget', async () => {
    const files = Array.from({ length: 11 }, (_, i) => ({
      name: `f${i}.txt`,
      content: Buffer.alloc(MB, 'a'),
    }));
    const { payload, contentType } = multipart(files);
    const response = await h.app.inject({
      method: 'POST',
      url: '/process-api/repository/deployments',
      // no Content-Length: only counting the parts as they stream can catch it
      headers: { authorization: basic('admin'), 'content-type': contentType, 'transfer-encoding': 'chunked' },
      payload: Readable.from([payload]),
    });
    expect(response.statusCode).toBe(413);
    expect(await deploymentCount()).toBe(0);
  });

  it('refuses more files than weir.deployment.max-resources', async () => {
    const files = Array.from({ length: 101 }, (_, i) => ({ name: `f${i}.txt`, content: 'x' }));
    const { payload, contentType } = multipart(files);
    const response = await h.app.inject({
      method: 'POST',
      url: '/process-api/repository/deployments',
      headers: { authorization: basic('admin'), 'content-type': contentType },
      payload,
    });
    expect(response.statusCode).toBe(413);
    expect(response.json().exception).toContain('weir.deployment.max-resources');
    expect(await deploymentCount()).toBe(0);
  });

  it('answers a malformed multipart body with 400, not 500', async () => {
    const response = await h.app.inject({
      method: 'POST',
      url: '/process-api/repository/deployments',
      headers: { authorization: basic('admin'), 'content-type': 'multipart/form-data; boundary=abc' },
      payload: '--abc\r\nContent-Disposition: form-data; name="file"; filename="a.bpmn"\r\n\r\nno end',
    });
    expect(response.statusCode).toBe(400);
    expect(await deploymentCount()).toBe(0);
  });
});
