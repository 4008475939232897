/**
 * Boot step: make sure the search index tables exist, once per cluster. Flowable creates its
 * Elasticsearch index mappings at boot and, with
 * `flowable.indexing.use-lock-for-index-mapping-creation`, does it under a cluster lock so
 * nodes booting together do not race; Weir does the same for its PostgreSQL full-text tables,
 * under the lock `flowableIndexMappingLock`, waiting at most
 * `flowable.indexing.mapping-schema-lock-wait-time`.
 */
import type { Logger } from 'pino';
import type { Database } from '../persistence/database.ts';
import { createSearchTables, missingSearchTables } from '../persistence/search-index-sql.ts';
import { withLock } from './locks.ts';
import type { LockOwner } from './locks.ts';

export const INDEX_MAPPING_LOCK = 'flowableIndexMappingLock';

/** Creating a few tables takes milliseconds; a holder that died blocks the next boot this long. */
const MAPPING_LOCK_LEASE_MS = 30_000;

export interface IndexMappingSettings {
  readonly useLockForIndexMappingCreation: boolean;
  readonly mappingSchemaLockWaitTime: number;
}

/** Create the missing search tables; returns the names created (none when all exist). */
export const createIndexMappings = async (
  db: Database,
  owner: LockOwner,
  settings: IndexMappingSettings,
  log: Pick<Logger, 'info'>,
): Promise<string[]> => {
  // Nothing missing, nothing to lock: a restart of a set-up cluster never waits here.
  if ((await missingSearchTables(db)).length === 0) return [];
  const create = async () => {
    // Another node may have created them while this one waited for the lock.
    const missing = await missingSearchTables(db);
    if (missing.length > 0) await createSearchTables(db);
    return missing;
  };
  const created = settings.useLockForIndexMappingCreation
    ? await withLock(
        db,
        INDEX_MAPPING_LOCK,
        owner,
        { lease: MAPPING_LOCK_LEASE_MS, waitUntil: Date.now() + settings.mappingSchemaLockWaitTime },
        create,
      )
    : await create();
  if (created.length > 0) log.info({ tables: created }, 'Created the search index tables');
  return created;
};
