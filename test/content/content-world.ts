/**
 * A REST harness whose content engine keeps bytes in a test folder the test can reach (to
 * alter a stored file), and small helpers for the content API's multipart bodies.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ContentEngine, FolderStorage } from '../../src/content/index.ts';
import {
  basic,
  createHttpHarness,
  multipart,
  startInstance,
  type HttpHarness,
  type TestUser,
} from '../http/harness.ts';
import { createTempFolder, type ScratchFolder } from '../helpers/database.ts';

export const C = '/content-api/content-service/content-items';

export interface ContentHarness extends HttpHarness {
  folder: ScratchFolder;
  storage: FolderStorage;
  content: ContentEngine;
  /** every stored file under the content folder (temporary files included) */
  storedFiles(): Promise<string[]>;
  send(
    method: 'POST' | 'PUT',
    url: string,
    body: { payload: Buffer; contentType: string },
    as?: TestUser,
  ): ReturnType<HttpHarness['request']>;
  /** An instance of `contentReview`, its review task assigned to kermit; started by admin. */
  reviewInstance(): Promise<{ instanceId: string; taskId: string }>;
}

/** A multipart body: form fields, then one file part with its own content type. */
export const contentForm = (
  fields: Record<string, string>,
  file?: { name: string; type?: string; content: Buffer | string },
) => multipart(file ? [{ type: 'application/octet-stream', ...file }] : [], fields);

export const createContentHarness = async (options: { maxSize?: number } = {}): Promise<ContentHarness> => {
  const folder = await createTempFolder('weir-content-test-');
  const storage = new FolderStorage({ rootFolder: join(folder.path, 'store'), createRoot: true });
  let content: ContentEngine | undefined;
  const h = await createHttpHarness({
    content: (db) => (content = new ContentEngine({ db, storage, maxSize: options.maxSize ?? 1024 * 1024 })),
  });
  await h.deploy(['content-review.bpmn20.xml']);
  const closeHarness = h.close.bind(h);
  const storedFiles = async () => {
    const entries = await readdir(join(folder.path, 'store'), { recursive: true, withFileTypes: true }).catch(
      () => [],
    );
    return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
  };
  return Object.assign(h, {
    folder,
    storage,
    content: content!,
    storedFiles,
    send: (
      method: 'POST' | 'PUT',
      url: string,
      body: { payload: Buffer; contentType: string },
      as: TestUser = 'admin',
    ) =>
      h.app.inject({
        method,
        url,
        headers: { authorization: basic(as), 'content-type': body.contentType },
        payload: body.payload,
      }),
    async reviewInstance() {
      const instance = await startInstance(h, { processDefinitionKey: 'contentReview' });
      const tasks = await h.request('GET', `/process-api/runtime/tasks?processInstanceId=${instance.id}`);
      return { instanceId: instance.id, taskId: tasks.json().data[0].id as string };
    },
    async close() {
      await closeHarness();
      await folder.remove();
    },
  });
};
