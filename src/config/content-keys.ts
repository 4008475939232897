import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { WeirError } from '../errors.ts';
import { boolean, byteSize, oneOf, string } from './key-types.ts';
import type { ConfigKey } from './key-types.ts';

/**
 * The content engine's store (docs/content.md): Flowable's `flowable.content.storage.*` for a
 * folder, Weir's own `weir.content.*` for the choice of store, the size limit and S3.
 */
export const contentKeys: readonly ConfigKey[] = [
  {
    key: 'weir.content.storage',
    type: oneOf('folder', 's3'),
    default: 'folder',
    description: 'Where content bytes live: a folder every node mounts, or an S3 bucket.',
  },
  {
    key: 'flowable.content.storage.root-folder',
    type: string,
    unsetMeaning: '`content` in the home folder, as Flowable',
    description: 'Root folder of the folder store; in a cluster, one shared folder mounted by every node.',
  },
  {
    key: 'flowable.content.storage.create-root',
    type: boolean,
    default: 'true',
    description: 'Create the root folder when it is missing; when false a missing folder fails each write.',
  },
  // One gigabyte holds scanned documents and videos of a few minutes; a larger upload is more
  // likely a mistake or an attack on the store's disk than an attachment a process needs.
  {
    key: 'weir.content.max-size',
    type: byteSize,
    default: '1GB',
    description: 'Largest content item or file attachment; a larger upload gets 413 and nothing is kept.',
  },
  {
    key: 'weir.content.s3.bucket',
    type: string,
    unsetMeaning: 'required when `weir.content.storage=s3`',
    description: 'S3 bucket of the content store.',
  },
  {
    key: 'weir.content.s3.region',
    type: string,
    default: 'us-east-1',
    description: 'Region of the bucket.',
  },
  {
    key: 'weir.content.s3.endpoint',
    type: string,
    unsetMeaning: "AWS's endpoint for the region",
    description: 'Endpoint of an S3-compatible store (MinIO, Ceph), e.g. `http://minio:9000`.',
  },
  {
    key: 'weir.content.s3.path-style',
    type: boolean,
    default: 'false',
    description: 'Address objects as `endpoint/bucket/key` (most S3-compatible stores need this).',
  },
  {
    key: 'weir.content.s3.prefix',
    type: string,
    unsetMeaning: 'no prefix',
    description: 'Prefix of every object key, so that several clusters can share one bucket.',
  },
];

export type ContentConfig =
  | {
      readonly storage: 'folder';
      readonly maxSize: number;
      readonly rootFolder: string;
      readonly createRoot: boolean;
    }
  | {
      readonly storage: 's3';
      readonly maxSize: number;
      readonly bucket: string;
      readonly region: string;
      readonly endpoint?: string;
      readonly pathStyle: boolean;
      readonly prefix: string;
    };

export const contentConfigOf = (value: <T>(key: string) => T, cwd: string): ContentConfig => {
  const maxSize = value<number>('weir.content.max-size');
  if (value<string>('weir.content.storage') === 'folder') {
    const root = value<string | undefined>('flowable.content.storage.root-folder');
    return {
      storage: 'folder',
      maxSize,
      rootFolder: root ? resolve(cwd, root) : join(homedir(), 'content'),
      createRoot: value('flowable.content.storage.create-root'),
    };
  }
  const bucket = value<string | undefined>('weir.content.s3.bucket');
  if (!bucket) {
    throw new WeirError(
      'WEIR_CONFIG_BAD_VALUE',
      "'weir.content.storage=s3' needs 'weir.content.s3.bucket', the bucket to keep content in",
    );
  }
  return {
    storage: 's3',
    maxSize,
    bucket,
    region: value('weir.content.s3.region'),
    endpoint: value('weir.content.s3.endpoint'),
    pathStyle: value('weir.content.s3.path-style'),
    prefix: value<string | undefined>('weir.content.s3.prefix') ?? '',
  };
};
