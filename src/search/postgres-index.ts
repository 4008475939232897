/**
 * The search index in PostgreSQL, in the engine's own database: written in the command's
 * write batch (same statement, same transaction), read with the caller's visibility.
 */
import type { CommandContext } from '../engine/context.ts';
import type { Queryable } from '../persistence/database.ts';
import type { PageRequest, SortColumns } from '../persistence/rest-query-sql.ts';
import { countDocuments, searchDocuments, type SearchGroup } from '../persistence/search-query-sql.ts';
import { writeSearchChanges } from '../persistence/search-writes-sql.ts';
import { commandSearchChanges } from './command-changes.ts';
import type { SearchIndex, SearchQuery } from './search-index.ts';

export interface PostgresIndexSettings {
  /** a PostgreSQL text search configuration: `simple` (no stemming), `english`, `german`, ... */
  readonly language: string;
}

export const postgresSearchIndex = (settings: PostgresIndexSettings): SearchIndex => ({
  variablesInDatabase: true,
  recordCommand: (batch: Queryable, ctx: CommandContext) =>
    writeSearchChanges(batch, commandSearchChanges(ctx), settings.language),
  recordRemovedInstances: (db: Queryable, instanceIds: readonly string[]) =>
    writeSearchChanges(
      db,
      { documents: [], variableSets: [], removedTasks: [], removedInstances: instanceIds },
      settings.language,
    ),
  query: (db: Queryable, query: SearchQuery, sorts: SortColumns, page: PageRequest) =>
    searchDocuments(db, { ...query, language: settings.language }, sorts, page),
  count: (db: Queryable, query: SearchQuery, groupBy: SearchGroup) =>
    countDocuments(db, { ...query, language: settings.language }, groupBy),
});
