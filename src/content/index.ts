/**
 * The content engine (docs/content.md): items whose bytes live in a shared folder or an S3
 * bucket, their metadata in PostgreSQL. Other engines use `createContentItemFromStream`,
 * `openContentItem` and `deleteContentOfScope`.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ContentConfig } from '../config/content-keys.ts';
import type { Database } from '../persistence/database.ts';
import { ContentEngine } from './content-engine.ts';
import { FolderStorage } from './folder-storage.ts';
import type { ContentStorage } from './storage.ts';

export { ContentEngine, streamOf, type StoredBytes } from './content-engine.ts';
export {
  createContentItem,
  createContentItemFromStream,
  deleteContentItemById,
  deleteContentOfScope,
  openContentItem,
  type ContentItemFields,
} from './content-commands.ts';
export { FolderStorage } from './folder-storage.ts';
export type { ContentStorage } from './storage.ts';

/** The store the configuration names. */
export const contentStorageOf = async (config: ContentConfig): Promise<ContentStorage> => {
  if (config.storage === 'folder')
    return new FolderStorage({ rootFolder: config.rootFolder, createRoot: config.createRoot });
  // The AWS SDK is loaded only where S3 is configured: it adds tens of MB to every node's
  // resident memory, which a node storing content in a folder has no use for.
  const { S3Storage } = await import('./s3-storage.ts');
  return new S3Storage(config);
};

/** 1 GiB, the default of `weir.content.max-size`. */
const DEFAULT_MAX_SIZE = 1024 ** 3;

/** For an app built without a content engine (tests, embedders): a folder of its own. */
export const privateContentEngine = async (db: Database): Promise<ContentEngine> => {
  const rootFolder = await mkdtemp(join(tmpdir(), 'weir-content-'));
  return new ContentEngine({
    db,
    storage: new FolderStorage({ rootFolder, createRoot: true }),
    maxSize: DEFAULT_MAX_SIZE,
  });
};
