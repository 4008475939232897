/**
 * Flowable's list conventions: `start` (0), `size` (10), `sort`, `order` (`asc`/`desc`) in,
 * `{data, total, start, sort, order, size}` out. A sort name outside the list's whitelist is
 * a 400, as in Flowable; only whitelisted names ever reach SQL (as a column lookup).
 */
import { WeirError } from '../../errors.ts';
import type { PageRequest, SortColumns } from '../../persistence/rest-query-sql.ts';

/** No page larger than this: a client asking for a million rows gets this many. */
const MAX_PAGE_SIZE = 10_000;

export interface PagingInput {
  start?: number;
  size?: number;
  sort?: string;
  order?: 'asc' | 'desc';
}

export const readPage = (input: PagingInput, sorts: SortColumns, defaultSort: string): PageRequest => {
  const sort = input.sort ?? defaultSort;
  if (!Object.hasOwn(sorts, sort)) {
    throw new WeirError(
      'WEIR_ILLEGAL_ARGUMENT',
      `Value for param 'sort' is not valid, '${sort}' is not a valid property (valid: ${Object.keys(sorts).join(', ')})`,
    );
  }
  return {
    start: input.start ?? 0,
    size: Math.min(input.size ?? 10, MAX_PAGE_SIZE),
    sort,
    order: input.order ?? 'asc',
  };
};

export interface ListEnvelope<T> {
  data: T[];
  total: number;
  start: number;
  sort: string;
  order: string;
  size: number;
}

export const envelope = <T>(data: T[], total: number, page: PageRequest): ListEnvelope<T> => ({
  data,
  total,
  start: page.start,
  sort: page.sort,
  order: page.order,
  size: data.length,
});

export const splitList = (value: string | undefined): string[] | undefined =>
  value
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
