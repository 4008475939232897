/**
 * Content in an S3 bucket (AWS or any S3-compatible store: MinIO, Ceph, ...). Credentials come
 * from the AWS SDK's usual chain (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, profiles, instance
 * roles), never from Weir's configuration. Uploads are multipart through `@aws-sdk/lib-storage`:
 * the body streams in parts of a few megabytes, and the object appears only when the upload
 * completes; a failed upload is aborted, so no partial object is ever readable.
 */
import { DeleteObjectCommand, GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { Readable } from 'node:stream';
import { WeirError } from '../errors.ts';
import { storageError, type ContentStorage } from './storage.ts';

export interface S3StorageOptions {
  readonly bucket: string;
  readonly region: string;
  /** For S3-compatible stores; unset: AWS's own endpoint for the region. */
  readonly endpoint?: string;
  /** `https://host/bucket/key` rather than `https://bucket.host/key` (MinIO and most others). */
  readonly pathStyle: boolean;
  /** Prepended to every key, so one bucket can hold several Weir clusters. */
  readonly prefix: string;
}

/**
 * 8 MiB parts, two in flight: about 16 MiB of a node's memory per running upload, whatever
 * the item's size, and the 10,000-part limit of S3 still allows items of 80 GB.
 */
const PART_SIZE = 8 * 1024 * 1024;
const PARTS_IN_FLIGHT = 2;

export class S3Storage implements ContentStorage {
  readonly description: string;
  readonly #client: S3Client;
  readonly #bucket: string;
  readonly #prefix: string;

  constructor(options: S3StorageOptions) {
    this.#client = new S3Client({
      region: options.region,
      endpoint: options.endpoint,
      forcePathStyle: options.pathStyle,
      // Weir keeps its own SHA-256 of every item. The SDK's default extra checksums (CRC32 in
      // an aws-chunked trailer) are not understood by many S3-compatible stores.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    this.#bucket = options.bucket;
    this.#prefix = options.prefix;
    this.description = `s3 bucket ${options.bucket}`;
  }

  #key(key: string): string {
    return `${this.#prefix}${key}`;
  }

  async write(key: string, body: Readable): Promise<void> {
    const upload = new Upload({
      client: this.#client,
      params: { Bucket: this.#bucket, Key: this.#key(key), Body: body },
      partSize: PART_SIZE,
      queueSize: PARTS_IN_FLIGHT,
      leavePartsOnError: false,
    });
    // A failing body (too large, client gone) must stop the upload: lib-storage keeps reading
    // otherwise, and the abort discards the parts already sent.
    const failure = new Promise<never>((_, reject) => body.once('error', reject));
    try {
      await Promise.race([upload.done(), failure]);
    } catch (error) {
      await upload.abort().catch(() => {});
      if (error instanceof WeirError) throw error;
      throw storageError('write', key, error);
    }
  }

  async read(key: string): Promise<Readable> {
    try {
      const answer = await this.#client.send(
        new GetObjectCommand({ Bucket: this.#bucket, Key: this.#key(key) }),
      );
      if (!(answer.Body instanceof Readable)) throw new Error('the object has no body');
      return answer.Body;
    } catch (error) {
      throw storageError('read', key, error);
    }
  }

  async remove(key: string): Promise<void> {
    try {
      await this.#client.send(new DeleteObjectCommand({ Bucket: this.#bucket, Key: this.#key(key) }));
    } catch (error) {
      throw storageError('remove', key, error);
    }
  }

  /** Close the client's sockets (node shutdown). */
  close(): void {
    this.#client.destroy();
  }
}
