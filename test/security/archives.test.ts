/**
 * `.bar`/`.zip` deployments: every BPMN inside is deployed, other entries stored; archives
 * that expand too far (zip bombs, entries lying about their size) and hostile XML are refused
 * with a clear 4xx and leave nothing written.
 */
import { readFile } from 'node:fs/promises';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basic, createHttpHarness, fixtureUrl, multipart, type HttpHarness } from '../http/harness.ts';

const MB = 1024 * 1024;

let h: HttpHarness;

beforeAll(async () => {
  h = await createHttpHarness({ maxBodySize: 10 * MB });
});
afterAll(() => h.close());

const upload = (name: string, content: Buffer | Uint8Array | string) => {
  const { payload, contentType } = multipart([
    { name, content: typeof content === 'string' ? content : Buffer.from(content) },
  ]);
  return h.app.inject({
    method: 'POST',
    url: '/process-api/repository/deployments',
    headers: { authorization: basic('admin'), 'content-type': contentType },
    payload,
  });
};

const deploymentCount = async () =>
  ((await h.request('GET', '/process-api/repository/deployments')).json() as { total: number }).total;

/** Sets the uncompressed size an archive declares for every entry (local and central headers). */
const lieAboutSizes = (zip: Uint8Array, declared: number): Uint8Array => {
  const bytes = Buffer.from(zip);
  for (let i = 0; i < bytes.length - 4; i++) {
    const signature = bytes.readUInt32LE(i);
    if (signature === 0x04034b50) bytes.writeUInt32LE(declared, i + 22);
    if (signature === 0x02014b50) bytes.writeUInt32LE(declared, i + 24);
  }
  return bytes;
};

describe('archive deployments', () => {
  it('deploys every BPMN file in a .bar and stores the other entries as resources', async () => {
    const xml = await readFile(fixtureUrl('http-one-task.bpmn20.xml'));
    const bar = zipSync({
      'processes/approve.bpmn20.xml': new Uint8Array(xml),
      'forms/approve.form': new TextEncoder().encode('{"key": "approve"}'),
    });
    const response = await upload('orders.bar', bar);
    expect(response.statusCode).toBe(201);
    const { id } = response.json() as { id: string };
    const resources = (await h.request('GET', `/process-api/repository/deployments/${id}/resources`)).json();
    expect((resources as { id: string }[]).map((r) => r.id).sort()).toEqual([
      'forms/approve.form',
      'processes/approve.bpmn20.xml',
    ]);
    const definitions = await h.request(
      'GET',
      `/process-api/repository/process-definitions?deploymentId=${id}`,
    );
    expect(definitions.json()).toMatchObject({ total: 1, data: [{ key: 'httpOneTask' }] });
    await h.request('DELETE', `/process-api/repository/deployments/${id}`);
  });

  it('refuses a zip bomb by its compression ratio, naming the limit, and writes nothing', async () => {
    const bomb = zipSync({ 'bomb.bpmn20.xml': new Uint8Array(20 * MB) }, { level: 9 });
    expect(bomb.length).toBeLessThan(100 * 1024);
    const started = performance.now();
    const response = await upload('bomb.zip', bomb);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(response.statusCode).toBe(413);
    expect(response.json().exception).toContain('weir.deployment.archive.max-compression-ratio');
    expect(await deploymentCount()).toBe(0);
  });

  it('refuses an archive whose declared expanded size passes the limit before inflating it', async () => {
    const entries = Object.fromEntries(
      Array.from({ length: 3 }, (_, i) => [`part-${i}.txt`, new Uint8Array(12 * MB)]),
    );
    const response = await upload('big.zip', zipSync(entries));
    expect(response.statusCode).toBe(413);
    expect(response.json().exception).toContain('weir.deployment.archive.max-expanded-size');
    expect(await deploymentCount()).toBe(0);
  });

  it('stops inflating an entry that lies about its size once the expanded limit is passed', async () => {
    const lying = await createHttpHarness({
      maxBodySize: 10 * MB,
      limits: { maxArchiveExpandedSize: 4 * MB, maxArchiveCompressionRatio: 1_000_000 },
    });
    try {
      const zip = lieAboutSizes(zipSync({ 'liar.txt': new Uint8Array(16 * MB) }), 100);
      const { payload, contentType } = multipart([{ name: 'liar.zip', content: Buffer.from(zip) }]);
      const response = await lying.app.inject({
        method: 'POST',
        url: '/process-api/repository/deployments',
        headers: { authorization: basic('admin'), 'content-type': contentType },
        payload,
      });
      expect(response.statusCode).toBe(413);
      expect(response.json().exception).toContain('weir.deployment.archive.max-expanded-size');
      const count = await lying.request('GET', '/process-api/repository/deployments');
      expect(count.json()).toMatchObject({ total: 0 });
    } finally {
      await lying.close();
    }
  });

  it('refuses more entries than weir.deployment.archive.max-entries', async () => {
    const entries = Object.fromEntries(
      Array.from({ length: 1001 }, (_, i) => [`e${i}.txt`, new Uint8Array([65])]),
    );
    const response = await upload('many.zip', zipSync(entries));
    expect(response.statusCode).toBe(413);
    expect(response.json().exception).toContain('weir.deployment.archive.max-entries');
    expect(await deploymentCount()).toBe(0);
  });

  it('answers a corrupt archive with 400', async () => {
    const response = await upload('broken.bar', Buffer.from('PK\u0003\u0004 this is not a zip'));
    expect(response.statusCode).toBe(400);
    expect(response.json().exception).toContain("Archive 'broken.bar' cannot be read");
    expect(await deploymentCount()).toBe(0);
  });
});

describe('hostile XML', () => {
  const laughs = `<?xml version="1.0"?>
<!DOCTYPE lolz [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" targetNamespace="x">
  <process id="p" name="&lol3;"><startEvent id="s"/></process>
</definitions>`;
  const external = `<?xml version="1.0"?>
<!DOCTYPE d [ <!ENTITY secret SYSTEM "file:///etc/passwd"> ]>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" targetNamespace="x">
  <process id="p" name="&secret;"><startEvent id="s"/></process>
</definitions>`;

  it.each([
    ['entity expansion (billion laughs)', laughs],
    ['an external entity', external],
  ])('refuses %s with 400 and writes nothing', async (_, xml) => {
    const response = await upload('evil.bpmn20.xml', xml);
    expect(response.statusCode).toBe(400);
    expect(response.json().exception).toContain('DOCTYPE');
    expect(response.body).not.toContain('root:');
    expect(await deploymentCount()).toBe(0);
  });

  it('refuses the same inside an archive', async () => {
    const response = await upload(
      'evil.bar',
      zipSync({ 'evil.bpmn20.xml': new TextEncoder().encode(laughs) }),
    );
    expect(response.statusCode).toBe(400);
    expect(await deploymentCount()).toBe(0);
  });
});
