/**
 * Content in a folder (`flowable.content.storage.root-folder`), which every node of a cluster
 * mounts at the same path (NFS, a shared volume). A write goes to a temporary file next to its
 * target, is flushed to disk, then renamed: rename is atomic within a file system, so a reader
 * on any node sees either no file or the whole file, never a half-written one, even when the
 * writing node dies mid-upload (its temporary file is then only litter, never named by a row).
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { WeirError } from '../errors.ts';
import { storageError, type ContentStorage } from './storage.ts';

export interface FolderStorageOptions {
  readonly rootFolder: string;
  /** Create the root folder when it is missing (Flowable's `storage.create-root`); else refuse. */
  readonly createRoot: boolean;
}

export class FolderStorage implements ContentStorage {
  readonly description: string;
  readonly #root: string;
  readonly #createRoot: boolean;
  #rootChecked = false;

  constructor(options: FolderStorageOptions) {
    this.#root = options.rootFolder;
    this.#createRoot = options.createRoot;
    this.description = `folder ${options.rootFolder}`;
  }

  /** The file of a key (for operators and tests: the layout is `ab/cd/<id>` under the root). */
  pathOf(key: string): string {
    return join(this.#root, ...key.split('/'));
  }

  async #ensureRoot(): Promise<void> {
    if (this.#rootChecked) return;
    const exists = await stat(this.#root).then(
      (s) => s.isDirectory(),
      () => false,
    );
    if (!exists) {
      if (!this.#createRoot) {
        throw new WeirError(
          'WEIR_CONTENT_STORAGE',
          `The content root folder '${this.#root}' does not exist and flowable.content.storage.create-root is false`,
        );
      }
      await mkdir(this.#root, { recursive: true });
    }
    this.#rootChecked = true;
  }

  async write(key: string, body: Readable): Promise<void> {
    await this.#ensureRoot();
    const target = this.pathOf(key);
    const temporary = `${target}.${randomUUID()}.tmp`;
    try {
      await mkdir(dirname(target), { recursive: true });
      await pipeline(body, createWriteStream(temporary, { flags: 'wx' }));
      // Flushed before the rename: otherwise a power cut after it could leave a named, empty file.
      const handle = await open(temporary, 'r');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temporary, target);
    } catch (error) {
      body.destroy();
      await rm(temporary, { force: true });
      if (error instanceof WeirError) throw error;
      throw storageError('write', key, error);
    }
  }

  async read(key: string): Promise<Readable> {
    const path = this.pathOf(key);
    // Opened before the stream is handed out, so a missing file is an error the caller can
    // still answer with a status, not a broken response.
    const handle = await open(path, 'r').catch((error: unknown) => {
      throw storageError('read', key, error);
    });
    return handle.createReadStream();
  }

  async remove(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true }).catch((error: unknown) => {
      throw storageError('remove', key, error);
    });
  }
}
