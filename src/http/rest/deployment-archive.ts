/**
 * `.bar` and `.zip` deployments, as Flowable accepts them: every entry becomes a resource of
 * the deployment under its path in the archive, and the engine deploys those named
 * `*.bpmn20.xml` / `*.bpmn` like uploaded files.
 *
 * An archive is the classic way to make a server allocate far more than it received, so it
 * is expanded under three limits, each a 413 that names its configuration key:
 * - entries (`weir.deployment.archive.max-entries`), counted from the central directory
 *   before anything is inflated;
 * - bytes of all entries once inflated (`weir.deployment.archive.max-expanded-size`);
 * - inflated over compressed size of one entry (`weir.deployment.archive.max-compression-ratio`),
 *   once the entry has inflated past a megabyte: a small file of repeated characters
 *   legitimately compresses a thousand times, and is harmless at that size.
 * The sizes an archive declares are checked first, but never trusted: inflation counts the
 * bytes it produces and stops as soon as a limit is passed. Compressed data is fed to the
 * inflater in small slices, since one slice of deflate can inflate to about a thousand times
 * its size; the slice size bounds what one step may allocate.
 * All of this happens before the engine sees a resource, so a refused archive writes nothing.
 */
import { Unzip, UnzipInflate, UnzipPassThrough, unzipSync, type UnzipFile } from 'fflate';
import { WeirError } from '../../errors.ts';
import type { DeploymentResource } from '../../engine/deploy.ts';
import type { HttpLimits } from '../hardening/limits.ts';

export type ArchiveLimits = Pick<
  HttpLimits,
  'maxArchiveEntries' | 'maxArchiveExpandedSize' | 'maxArchiveCompressionRatio'
>;

export const isArchiveName = (name: string): boolean => /\.(bar|zip)$/i.test(name);

/** 4 KiB of deflate inflates to at most ~4 MiB: the most one step can allocate. */
const SLICE = 4096;
/** Below this an entry's compression ratio is not judged (see above). */
const RATIO_FLOOR = 1024 * 1024;

const tooLarge = (archive: string, what: string) =>
  new WeirError('WEIR_ARCHIVE_TOO_LARGE', `Archive '${archive}' ${what}`);

const unreadable = (archive: string, reason: string, cause?: unknown) =>
  new WeirError('WEIR_ARCHIVE_INVALID', `Archive '${archive}' cannot be read: ${reason}`, { cause });

interface Declared {
  readonly size: number;
  readonly originalSize: number;
}

/** The central directory: names and declared sizes, nothing inflated (the filter refuses every entry). */
const readDirectory = (archive: string, bytes: Uint8Array, limits: ArchiveLimits): Map<string, Declared> => {
  const entries = new Map<string, Declared>();
  let declaredTotal = 0;
  try {
    unzipSync(bytes, {
      filter: (file) => {
        entries.set(file.name, { size: file.size, originalSize: file.originalSize });
        declaredTotal += file.originalSize;
        return false;
      },
    });
  } catch (error) {
    throw unreadable(archive, (error as Error).message, error);
  }
  if (entries.size > limits.maxArchiveEntries) {
    throw tooLarge(
      archive,
      `has ${entries.size} entries, more than weir.deployment.archive.max-entries (${limits.maxArchiveEntries})`,
    );
  }
  if (declaredTotal > limits.maxArchiveExpandedSize) {
    throw tooLarge(
      archive,
      `declares ${declaredTotal} bytes once inflated, more than weir.deployment.archive.max-expanded-size (${limits.maxArchiveExpandedSize})`,
    );
  }
  return entries;
};

/** The resources in an archive, each entry's bytes counted as they inflate. */
export const expandArchive = (
  archive: string,
  bytes: Uint8Array,
  limits: ArchiveLimits,
): DeploymentResource[] => {
  const declared = readDirectory(archive, bytes, limits);
  const resources: DeploymentResource[] = [];
  let total = 0;
  let failure: WeirError | undefined;

  const onFile = (file: UnzipFile) => {
    const chunks: Uint8Array[] = [];
    let inflated = 0;
    const compressed = declared.get(file.name)?.size ?? file.size ?? 0;
    file.ondata = (error, chunk, final) => {
      if (failure) return;
      if (error) {
        failure = unreadable(archive, `entry '${file.name}': ${error.message}`, error);
        return;
      }
      inflated += chunk.length;
      total += chunk.length;
      if (total > limits.maxArchiveExpandedSize) {
        failure = tooLarge(
          archive,
          `inflates to more than weir.deployment.archive.max-expanded-size (${limits.maxArchiveExpandedSize} bytes)`,
        );
      } else if (inflated > RATIO_FLOOR && inflated > compressed * limits.maxArchiveCompressionRatio) {
        failure = tooLarge(
          archive,
          `entry '${file.name}' inflates more than weir.deployment.archive.max-compression-ratio (${limits.maxArchiveCompressionRatio}) times its compressed size`,
        );
      }
      if (failure) {
        file.terminate();
        return;
      }
      chunks.push(chunk);
      if (final && !file.name.endsWith('/')) {
        resources.push({ name: file.name, content: Buffer.concat(chunks) });
      }
    };
    if (file.compression !== 0 && file.compression !== 8) {
      failure = unreadable(archive, `entry '${file.name}' uses compression method ${file.compression}`);
      return;
    }
    file.start();
  };

  const unzip = new Unzip(onFile);
  unzip.register(UnzipInflate);
  unzip.register(UnzipPassThrough);
  try {
    for (let offset = 0; offset < bytes.length && !failure; offset += SLICE) {
      const end = Math.min(offset + SLICE, bytes.length);
      unzip.push(bytes.subarray(offset, end), end === bytes.length);
    }
  } catch (error) {
    failure ??= unreadable(archive, (error as Error).message, error);
  }
  if (failure) throw failure;
  return resources;
};
