/**
 * `management/tables`: Weir's own tables (not Flowable's ACT_* ones) with row counts, columns
 * and paged rows, for administrators. See engine/tables.ts for what is shown and hidden.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { getTable, getTableMetaData, getTablePage, listTables } from '../../engine/tables.ts';
import { principalOf } from '../auth/basic-auth.ts';
import { urlsFor, type RestContext } from './context.ts';

const TableInfo = Type.Object({
  name: Type.String(),
  url: Type.String({ format: 'uri' }),
  count: Type.Integer(),
});
const TableColumns = Type.Object({
  tableName: Type.String(),
  columnNames: Type.Array(Type.String()),
  columnTypes: Type.Array(Type.String()),
});
const TableRows = Type.Object({
  data: Type.Array(Type.Record(Type.String(), Type.Unknown()), { description: 'Rows, column name to value' }),
  total: Type.Integer(),
  start: Type.Integer(),
  sort: Type.Union([Type.String(), Type.Null()]),
  order: Type.Union([Type.String({ description: 'asc or desc' }), Type.Null()]),
  size: Type.Integer(),
});

const base = '/process-api/management/tables';
/** Rows may carry binary columns of megabytes (deployment resources, model sources): a smaller cap than lists. */
const MAX_TABLE_PAGE_SIZE = 1000;
const tags = ['Database tables'];
const params = Type.Object({ tableName: Type.String({ minLength: 1, maxLength: 63 }) });

export const managementTableRoutes: FastifyPluginAsyncTypebox<{ rest: RestContext }> = async (
  app,
  { rest },
) => {
  const { db } = rest;
  const tableUrl = (request: Parameters<typeof urlsFor>[1], name: string) =>
    urlsFor(rest, request)('process-api/management/tables/%s', name);

  app.get(
    base,
    { schema: { response: { 200: Type.Array(TableInfo) }, tags, summary: 'List tables' } },
    async (request) =>
      (await listTables(db, principalOf(request))).map((t) => ({
        name: t.name,
        url: tableUrl(request, t.name),
        count: t.count,
      })),
  );

  app.get(
    `${base}/:tableName`,
    { schema: { response: { 200: TableInfo }, tags, summary: 'Get a single table', params } },
    async (request) => {
      const table = await getTable(db, request.params.tableName, principalOf(request));
      return { name: table.name, url: tableUrl(request, table.name), count: table.count };
    },
  );

  app.get(
    `${base}/:tableName/columns`,
    {
      schema: {
        response: { 200: TableColumns },
        tags,
        summary: 'Get column info for a single table',
        params,
      },
    },
    (request) => getTableMetaData(db, request.params.tableName, principalOf(request)),
  );

  app.get(
    `${base}/:tableName/data`,
    {
      schema: {
        response: { 200: TableRows },
        tags,
        summary: 'Get row data for a single table',
        params,
        querystring: Type.Object({
          start: Type.Optional(
            Type.Integer({ minimum: 0, description: 'Index of the first row (default 0)' }),
          ),
          size: Type.Optional(Type.Integer({ minimum: 0, description: 'Rows per page (default 10)' })),
          orderAscendingColumn: Type.Optional(Type.String({ description: 'Column to sort on, ascending' })),
          orderDescendingColumn: Type.Optional(Type.String({ description: 'Column to sort on, descending' })),
        }),
      },
    },
    async (request) => {
      const q = request.query;
      const start = q.start ?? 0;
      const page = await getTablePage(
        db,
        request.params.tableName,
        { ...q, start, size: Math.min(q.size ?? 10, MAX_TABLE_PAGE_SIZE) },
        principalOf(request),
      );
      const sort = q.orderAscendingColumn ?? q.orderDescendingColumn ?? null;
      return {
        data: page.rows,
        total: page.total,
        start,
        sort,
        order:
          q.orderAscendingColumn !== undefined
            ? 'asc'
            : q.orderDescendingColumn !== undefined
              ? 'desc'
              : null,
        size: page.rows.length,
      };
    },
  );
};
