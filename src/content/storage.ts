/**
 * Where content bytes live: one small interface, two implementations (a folder shared by all
 * nodes, `folder-storage.ts`; an S3 bucket, `s3-storage.ts`). Bytes always move as streams,
 * so a 1 GB item never sits in a node's memory. A key names one immutable object: new bytes
 * for an item get a new key, and the old one is removed after the row stops naming it.
 */
import { createHash } from 'node:crypto';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { WeirError } from '../errors.ts';

export interface ContentStorage {
  /** What the engine info and logs call this store (`folder /srv/content`, `s3 bucket`). */
  readonly description: string;
  /**
   * Store `body` under `key`; the object appears only once every byte is durable (a folder
   * renames a finished temporary file; S3 completes a multipart upload). On any failure
   * nothing is left under `key`.
   */
  write(key: string, body: Readable): Promise<void>;
  /** The bytes of `key` as a stream; WEIR_CONTENT_STORAGE when they are missing. */
  read(key: string): Promise<Readable>;
  /** Remove `key`; removing a missing key is not an error (removal is retried by the sweep). */
  remove(key: string): Promise<void>;
}

/** A key per stored object: two levels of folders from the id spread a folder store's files. */
export const storageKeyOf = (id: string): string => `${id.slice(0, 2)}/${id.slice(2, 4)}/${id}`;

/** What a measured stream saw: the byte count and the hex SHA-256 of the bytes. */
export interface Measure {
  size: number;
  sha256: string;
}

/**
 * Counts and hashes the bytes passing through; past `maxSize` it fails with
 * WEIR_CONTENT_TOO_LARGE, which aborts the write so that nothing oversized is kept.
 */
export class Measuring extends Transform {
  readonly #hash = createHash('sha256');
  readonly #maxSize: number;
  #size = 0;
  #result: Measure | undefined;

  constructor(maxSize: number) {
    super();
    this.#maxSize = maxSize;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.#size += chunk.length;
    if (this.#size > this.#maxSize) {
      done(
        new WeirError(
          'WEIR_CONTENT_TOO_LARGE',
          `Content is larger than the limit of ${this.#maxSize} bytes (weir.content.max-size)`,
        ),
      );
      return;
    }
    this.#hash.update(chunk);
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    this.#result = { size: this.#size, sha256: this.#hash.digest('hex') };
    done();
  }

  /** The measure, once the stream has ended. */
  get result(): Measure {
    if (!this.#result) throw new Error('The stream has not ended');
    return this.#result;
  }
}

/**
 * Passes the stored bytes through and, at their end, compares them with what was recorded at
 * upload: a different size or SHA-256 fails the stream with WEIR_CONTENT_CHECKSUM_MISMATCH
 * rather than hand out altered bytes as if they were the item's.
 */
export class Verifying extends Transform {
  readonly #hash = createHash('sha256');
  readonly #expected: Measure;
  readonly #itemId: string;
  #size = 0;

  constructor(expected: Measure, itemId: string) {
    super();
    this.#expected = expected;
    this.#itemId = itemId;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.#size += chunk.length;
    if (this.#size > this.#expected.size) {
      done(this.#mismatch(`more than the ${this.#expected.size} bytes stored`));
      return;
    }
    this.#hash.update(chunk);
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    if (this.#size !== this.#expected.size) {
      done(this.#mismatch(`${this.#size} bytes where ${this.#expected.size} were stored`));
      return;
    }
    const sha256 = this.#hash.digest('hex');
    done(
      sha256 === this.#expected.sha256
        ? null
        : this.#mismatch(`SHA-256 ${sha256}, stored ${this.#expected.sha256}`),
    );
  }

  #mismatch(detail: string): WeirError {
    return new WeirError(
      'WEIR_CONTENT_CHECKSUM_MISMATCH',
      `The stored content of content item '${this.#itemId}' was altered: ${detail}`,
    );
  }
}

export const storageError = (action: string, key: string, cause: unknown): WeirError =>
  new WeirError(
    'WEIR_CONTENT_STORAGE',
    `The content store could not ${action} '${key}': ${cause instanceof Error ? cause.message : String(cause)}`,
    { cause },
  );
