/**
 * The search index as the rest of Weir sees it: written with each command, queried by the
 * search API, rebuilt by `weir reindex`. PostgreSQL is the one implementation in this
 * version (`postgres-index.ts`); an Elasticsearch or OpenSearch one would implement the same
 * three parts (its `recordCommand` would queue the changes and send them after commit, which
 * gives up "found by the next query", the price of an external index).
 */
import type { CommandIndexer } from '../engine/services.ts';
import type { Queryable } from '../persistence/database.ts';
import type { PageRequest, PagedResult, SortColumns } from '../persistence/rest-query-sql.ts';
import type { SearchDocumentRow, SearchFilter, SearchGroup } from '../persistence/search-query-sql.ts';

export type { SearchDocumentRow, SearchFilter, SearchGroup } from '../persistence/search-query-sql.ts';

/** A query as the API builds it; the index adds its own language. */
export type SearchQuery = Omit<SearchFilter, 'language'>;

export interface SearchIndex extends CommandIndexer {
  /**
   * Whether its typed variable values are tables in the engine's database
   * (`weir_search_variable`): the process-api lists then answer variable conditions from them.
   * An external index would say false, and those lists would compare the stored values.
   */
  readonly variablesInDatabase: boolean;
  query(
    db: Queryable,
    query: SearchQuery,
    sorts: SortColumns,
    page: PageRequest,
  ): Promise<PagedResult<SearchDocumentRow>>;
  count(
    db: Queryable,
    query: SearchQuery,
    groupBy: SearchGroup,
  ): Promise<{ key: string | null; count: number }[]>;
}
