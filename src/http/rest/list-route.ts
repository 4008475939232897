/**
 * One declaration per list: its filters as a TypeBox schema, from which come the `GET` route's
 * querystring, the `POST query/...` route's body and the TypeScript type the loader receives.
 * Paging, sorting (a whitelist; anything else is a 400 naming the valid names) and Flowable's
 * `{data, total, start, sort, order, size}` envelope are done here, once, for every list.
 *
 * A filter is declared once: in the route schema. The loader turns the request's filter into
 * the persistence layer's filter (dates parsed, the viewer added); nothing else restates it.
 */
import Type, { type Static, type TObject, type TProperties, type TSchema } from 'typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { PageRequest, SortColumns } from '../../persistence/rest-query-sql.ts';
import { envelope, readPage, type ListEnvelope, type PagingInput } from './paging.ts';
import { ListOf, type Answer } from './schemas/common.ts';

/** Flowable's paging parameters, in the URL of a list and in the body of a query. */
const PagingProperties = {
  start: Type.Optional(Type.Integer({ minimum: 0, description: 'Index of the first row (default 0)' })),
  size: Type.Optional(Type.Integer({ minimum: 0, description: 'Rows per page (default 10)' })),
  sort: Type.Optional(Type.String({ description: 'Property to sort on' })),
  order: Type.Optional(
    Type.Enum(['asc', 'desc'], { type: 'string', description: 'Sort order (default asc)' }),
  ),
};

/** Shorthands for the filter types every list uses. */
export const Str = (description?: string) => Type.Optional(Type.String(description ? { description } : {}));
export const Bool = (description?: string) => Type.Optional(Type.Boolean(description ? { description } : {}));
export const Int = (description?: string) => Type.Optional(Type.Integer(description ? { description } : {}));
export const StrList = (description?: string) =>
  Type.Optional(Type.Array(Type.String(), description ? { description } : {}));

/** What a loader answers: one page of rows and the number of rows across all pages. */
interface ListPage<Row> {
  rows: readonly Row[];
  total: number;
}

export interface ListRouteSpec<
  Filters extends TProperties,
  BodyOnly extends TProperties,
  Row,
  Item extends TSchema,
> {
  /**
   * The `GET` list, below `/process-api/` (or `api`), e.g. `history/historic-process-instances`;
   * omitted for a list that is only queried (the search API).
   */
  readonly path?: string;
  /** The API the list belongs to: `process-api` unless given. */
  readonly api?:
    | 'process-api'
    | 'external-job-api'
    | 'idm-api'
    | 'process-api/identity'
    | 'form-api'
    | 'dmn-api'
    | 'search-api'
    | 'content-api'
    | 'conversation-api'
    | 'app-api'
    | 'cmmn-api';
  /** The `POST` query twin, e.g. `query/historic-process-instances`; omitted when Flowable has none. */
  readonly queryPath?: string;
  readonly tags: readonly string[];
  /** Plural noun for the OpenAPI summaries: "historic process instances". */
  readonly what: string;
  /** Filters accepted both in the URL and in the query body. */
  readonly filters: Filters;
  /** Filters only the query body takes (arrays, variable conditions). */
  readonly bodyFilters?: BodyOnly;
  readonly sorts: SortColumns;
  readonly defaultSort: string;
  readonly load: (
    request: FastifyRequest,
    filter: ListFilter<Filters, BodyOnly>,
    page: PageRequest,
  ) => Promise<ListPage<Row>>;
  /** The schema of one row as answered (`/openapi.json`; `respond` must build exactly that). */
  readonly item: Item;
  /** Each row as the REST API answers it (may read more, e.g. variables when asked to include them). */
  readonly respond: (
    request: FastifyRequest,
    rows: readonly Row[],
    filter: ListFilter<Filters, BodyOnly>,
  ) => Answer<Item>[] | Promise<Answer<Item>[]>;
}

/** The filter a loader receives: the shared filters, and the body-only ones when sent. */
type ListFilter<Filters extends TProperties, BodyOnly extends TProperties> = Static<TObject<Filters>> &
  Partial<Static<TObject<BodyOnly>>>;

const withoutPaging = <T extends PagingInput>(input: T): Omit<T, keyof PagingInput> => {
  const { start: _start, size: _size, sort: _sort, order: _order, ...filter } = input;
  return filter;
};

/** Runs one list request: the whitelisted page, the loader, the envelope. */
const runList = async <Filters extends TProperties, BodyOnly extends TProperties, Row, Item extends TSchema>(
  spec: ListRouteSpec<Filters, BodyOnly, Row, Item>,
  request: FastifyRequest,
  filter: ListFilter<Filters, BodyOnly>,
  paging: PagingInput,
): Promise<ListEnvelope<Answer<Item>>> => {
  const page = readPage(paging, spec.sorts, spec.defaultSort);
  const { rows, total } = await spec.load(request, filter, page);
  return envelope(await spec.respond(request, rows, filter), total, page);
};

/**
 * Registers the list's `GET` route and, when it has one, its `POST query/...` twin. The query
 * body is closed (an unknown field is a 400 naming it); the URL is open, as in Flowable,
 * which ignores parameters it does not know.
 */
export const listRoutes = <
  Filters extends TProperties,
  BodyOnly extends TProperties,
  Row,
  Item extends TSchema,
>(
  app: FastifyInstance,
  spec: ListRouteSpec<Filters, BodyOnly, Row, Item>,
): ListRunner<Filters, BodyOnly, Item> => {
  const response = { 200: ListOf(spec.item) };
  const run: ListRunner<Filters, BodyOnly, Item> = (request, filter, paging = {}) =>
    runList(spec, request, filter, paging);
  const querystring = Type.Object({ ...spec.filters, ...PagingProperties });
  const bodyOnly = Object.keys(spec.bodyFilters ?? {}).filter((name) => !Object.hasOwn(spec.filters, name));
  if (spec.path !== undefined)
    app.get(
      `/${spec.api ?? 'process-api'}/${spec.path}`,
      { schema: { tags: [...spec.tags], summary: `List ${spec.what}`, querystring, response } },
      (request) => {
        const query = request.query as PagingInput & Record<string, unknown>;
        // The body-only filters (arrays, variable conditions) are not read from the URL: there
        // they would be unvalidated text (`?variables=x` reached the loader and answered 500).
        const filter: Record<string, unknown> = withoutPaging(query);
        for (const name of bodyOnly) delete filter[name];
        return runList(spec, request, filter as ListFilter<Filters, BodyOnly>, query);
      },
    );
  if (spec.queryPath === undefined) return run;
  const body = Type.Object(
    { ...spec.filters, ...(spec.bodyFilters ?? {}), ...PagingProperties },
    { additionalProperties: false },
  );
  const pagingQuery = Type.Object(PagingProperties);
  app.post(
    `/${spec.api ?? 'process-api'}/${spec.queryPath}`,
    { schema: { tags: ['Query'], summary: `Query ${spec.what}`, body, querystring: pagingQuery, response } },
    (request) => {
      const sent = request.body as PagingInput & Record<string, unknown>;
      const query = request.query as PagingInput;
      const paging: PagingInput = {
        start: sent.start ?? query.start,
        size: sent.size ?? query.size,
        sort: sent.sort ?? query.sort,
        order: sent.order ?? query.order,
      };
      return runList(spec, request, withoutPaging(sent) as ListFilter<Filters, BodyOnly>, paging);
    },
  );
  return run;
};

/** The list as a function, for routes that answer one row of it (`GET .../{id}`). */
export type ListRunner<Filters extends TProperties, BodyOnly extends TProperties, Item extends TSchema> = (
  request: FastifyRequest,
  filter: ListFilter<Filters, BodyOnly>,
  paging?: PagingInput,
) => Promise<ListEnvelope<Answer<Item>>>;
