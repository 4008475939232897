/**
 * Two nodes on one database and one content store: what node A stores, node B serves, for
 * the shared folder and for S3. Each node has its own engine, content engine and store client,
 * as two processes would; they share only PostgreSQL and the store.
 */
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContentEngine, FolderStorage, type ContentStorage } from '../../src/content/index.ts';
import { S3Storage } from '../../src/content/s3-storage.ts';
import { Engine } from '../../src/engine/index.ts';
import { buildHttpApp } from '../../src/http/server.ts';
import type { Database } from '../../src/persistence/database.ts';
import { addUser, basic } from '../http/harness.ts';
import { createTempFolder, openTestDatabase, type ScratchFolder } from '../helpers/database.ts';
import { C, contentForm } from './content-world.ts';
import { startLocalS3, type LocalS3 } from './s3-server.ts';

let db: Database;
let closeDb: () => Promise<void>;
let folder: ScratchFolder;
let s3: LocalS3;

beforeAll(async () => {
  ({ db, close: closeDb } = await openTestDatabase('postgres'));
  await addUser(db, 'admin', ['access-admin', 'access-rest-api']);
  folder = await createTempFolder('weir-shared-content-');
  s3 = await startLocalS3();
});
afterAll(async () => {
  await s3.close();
  await folder.remove();
  await closeDb();
});

const nodeOn = (storage: () => ContentStorage) =>
  buildHttpApp({
    id: `node-${Math.random().toString(16).slice(2, 6)}`,
    version: '0.0.0-test',
    db,
    logger: pino({ level: 'silent' }),
    config: { server: { maxBodySize: 1024 * 1024 } },
    engine: new Engine({ db }),
    content: new ContentEngine({ db, storage: storage(), maxSize: 64 * 1024 * 1024 }),
  });

const stores: Record<string, () => ContentStorage> = {
  'a shared folder': () => new FolderStorage({ rootFolder: folder.path, createRoot: true }),
  S3: () =>
    new S3Storage({
      bucket: s3.bucket,
      region: 'us-east-1',
      endpoint: s3.endpoint,
      pathStyle: true,
      prefix: 'test/',
    }),
};

describe.each(Object.keys(stores))('content in %s', (store) => {
  it('is uploaded through node A and downloaded through node B, byte for byte', async () => {
    const [a, b] = [await nodeOn(stores[store]), await nodeOn(stores[store])];
    try {
      // more than one S3 multipart part (8 MiB), so the upload really is multipart
      const bytes = randomBytes(9 * 1024 * 1024 + 17);
      const form = contentForm({ name: 'scan.bin' }, { name: 'scan.bin', content: bytes });
      const created = await a.inject({
        method: 'POST',
        url: C,
        headers: { authorization: basic('admin'), 'content-type': form.contentType },
        payload: form.payload,
      });
      expect(created.statusCode).toBe(201);
      const id = created.json().id as string;
      const read = await b.inject({
        method: 'GET',
        url: `${C}/${id}/data`,
        headers: { authorization: basic('admin') },
      });
      expect(read.statusCode).toBe(200);
      expect(read.rawPayload.equals(bytes)).toBe(true);

      const deleted = await b.inject({
        method: 'DELETE',
        url: `${C}/${id}`,
        headers: { authorization: basic('admin') },
      });
      expect(deleted.statusCode).toBe(204);
      const gone = await a.inject({
        method: 'GET',
        url: `${C}/${id}/data`,
        headers: { authorization: basic('admin') },
      });
      expect(gone.statusCode).toBe(404);
    } finally {
      await a.close();
      await b.close();
    }
  }, 120_000);
});
