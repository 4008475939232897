/**
 * Boot step after the index tables exist: the node's search index, handed to the engine so
 * every command writes it. `spring.elasticsearch.uris` is accepted (a Flowable configuration
 * carries it) and answered with one clear line: this version searches in PostgreSQL.
 */
import type { Engine } from '../engine/engine.ts';
import { WeirError } from '../errors.ts';
import type { Queryable } from '../persistence/database.ts';
import { isTextSearchConfig } from '../persistence/search-index-sql.ts';
import { postgresSearchIndex } from './postgres-index.ts';
import type { SearchIndex } from './search-index.ts';

export interface SearchSettings {
  readonly elasticsearchUris: readonly string[];
  readonly language: string;
}

export const ELASTICSEARCH_NOTICE =
  'spring.elasticsearch.uris is set, but this version of Weir keeps its search index in PostgreSQL (same database, same transaction as the engine); no Elasticsearch server is used';

export const checkSearchLanguage = async (db: Queryable, language: string): Promise<void> => {
  if (!(await isTextSearchConfig(db, language))) {
    throw new WeirError(
      'WEIR_CONFIG_BAD_VALUE',
      `weir.search.language: '${language}' is not a text search configuration of the database (simple, english, german, ...: see pg_ts_config)`,
    );
  }
};

export const setUpSearchIndex = async (
  engine: Engine,
  settings: SearchSettings,
  log: { warn(obj: object, msg?: string): void },
): Promise<SearchIndex> => {
  // checked once here: a wrong name would otherwise fail every command's flush
  await checkSearchLanguage(engine.db, settings.language);
  if (settings.elasticsearchUris.length > 0) {
    // the addresses are not logged: they may carry credentials (https://user:password@host)
    log.warn({ elasticsearchUris: settings.elasticsearchUris.length }, ELASTICSEARCH_NOTICE);
  }
  const index = postgresSearchIndex({ language: settings.language });
  engine.setIndexer(index);
  return index;
};
