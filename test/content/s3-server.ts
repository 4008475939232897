/**
 * A local S3 (`s3rver`, a real S3 protocol server on the file system) on 127.0.0.1 and a free
 * port, with one bucket, for the S3 content store's tests. Its credentials are s3rver's fixed
 * pair, handed to the AWS SDK through the usual environment variables.
 */
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { createTempFolder } from '../helpers/database.ts';

interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
type S3rverClass = new (options: Record<string, unknown>) => S3rverInstance;

// s3rver is CommonJS without type declarations; the two calls used here are typed above.
const S3rver = createRequire(import.meta.url)('s3rver') as S3rverClass;

export interface LocalS3 {
  readonly endpoint: string;
  readonly bucket: string;
  close(): Promise<void>;
}

export const startLocalS3 = async (bucket = 'weir-content'): Promise<LocalS3> => {
  const folder = await createTempFolder('weir-s3rver-');
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: folder.path,
    configureBuckets: [{ name: bucket }],
  });
  const { port } = await server.run();
  process.env.AWS_ACCESS_KEY_ID = 'S3RVER';
  process.env.AWS_SECRET_ACCESS_KEY = 'S3RVER';
  return {
    endpoint: `http://127.0.0.1:${port}`,
    bucket,
    async close() {
      await server.close();
      await folder.remove();
    },
  };
};
