/**
 * A 1 GiB content item through a real node process: uploaded and downloaded as streams, the
 * node's resident memory stays under 300 MB throughout. The body is generated as it is sent
 * (one 1 MiB block, 1024 times) and the download is hashed as it arrives, so the test itself
 * never holds the gigabyte either. Slow (about a minute): `npm run test:ha` runs it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ADMIN_FLAGS } from '../cluster/harness.ts';
import { basic } from '../http/harness.ts';
import {
  clonePostgresDatabase,
  createTempFolder,
  type ScratchDatabase,
  type ScratchFolder,
} from '../helpers/database.ts';
import { cleanUpNodeProcesses, startNodeProcess } from '../helpers/node-process.ts';
import { C } from './content-world.ts';

const BLOCK = randomBytes(1024 * 1024);
const BLOCKS = 1024;
const SIZE = BLOCK.length * BLOCKS;
const RSS_LIMIT = 300 * 1024 * 1024;

let database: ScratchDatabase;
let folder: ScratchFolder;
beforeAll(async () => {
  database = await clonePostgresDatabase();
  folder = await createTempFolder('weir-large-content-');
});
afterAll(async () => {
  await cleanUpNodeProcesses();
  await folder.remove();
  await database.drop();
});

/** Resident memory of a process, from /proc (Linux), in bytes. */
const rssOf = async (pid: number): Promise<number> => {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
  return kb ? Number(kb) * 1024 : 0;
};

/** Samples a process's RSS every 100 ms until stopped; answers the highest seen. */
const sampleRss = (pid: number) => {
  let peak = 0;
  const timer = setInterval(() => void rssOf(pid).then((rss) => (peak = Math.max(peak, rss))), 100);
  return () => {
    clearInterval(timer);
    return peak;
  };
};

async function* multipartBody(boundary: string) {
  yield Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="name"\r\n\r\nbig.bin\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
  for (let i = 0; i < BLOCKS; i++) yield BLOCK;
  yield Buffer.from(`\r\n--${boundary}--\r\n`);
}

const expectedSha256 = () => {
  const hash = createHash('sha256');
  for (let i = 0; i < BLOCKS; i++) hash.update(BLOCK);
  return hash.digest('hex');
};

const upload = (url: string) =>
  new Promise<{ status: number; body: string }>((resolve, reject) => {
    const boundary = `----big${Date.now()}`;
    const req = request(`${url}${C}`, {
      method: 'POST',
      headers: { authorization: basic('admin'), 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    pipeline(Readable.from(multipartBody(boundary)), req).catch(reject);
  });

const downloadSha256 = async (url: string): Promise<{ status: number; size: number; sha256: string }> => {
  const response = await fetch(url, { headers: { authorization: basic('admin') } });
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.length;
    hash.update(chunk);
  }
  return { status: response.status, size, sha256: hash.digest('hex') };
};

test('a 1 GiB item streams in and out of a node that stays under 300 MB of resident memory', async () => {
  const node = await startNodeProcess({
    args: [
      `--database.url=${database.url}`,
      `--flowable.content.storage.root-folder=${folder.path}`,
      '--weir.content.max-size=2GB',
      '--server.request-timeout=PT10M',
      ...ADMIN_FLAGS,
    ],
  });
  const stopUploadSampling = sampleRss(node.pid);
  const created = await upload(node.url);
  const uploadPeak = stopUploadSampling();
  expect(created.status, created.body).toBe(201);
  const id = (JSON.parse(created.body) as { id: string }).id;

  const stopDownloadSampling = sampleRss(node.pid);
  const downloaded = await downloadSha256(`${node.url}${C}/${id}/data`);
  const downloadPeak = stopDownloadSampling();
  expect(downloaded).toEqual({ status: 200, size: SIZE, sha256: expectedSha256() });
  expect(uploadPeak).toBeGreaterThan(0);
  const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
  expect(mb(uploadPeak), 'MB resident while uploading').toBeLessThan(mb(RSS_LIMIT));
  expect(mb(downloadPeak), 'MB resident while downloading').toBeLessThan(mb(RSS_LIMIT));
}, 600_000);
