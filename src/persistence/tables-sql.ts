/**
 * Weir's own tables as `management/tables` shows them: names and columns read from the
 * catalogue, row counts and pages of rows. A table or column name reaches SQL only after it
 * was found in the catalogue's list of this schema's `weir_` tables (the whitelist), and then
 * quoted as an identifier; everything else is a parameter.
 */
import type { Queryable } from './database.ts';

export interface TableColumn {
  readonly name: string;
  readonly type: string;
}

/** The whitelist: Weir's tables in the current schema, by name. */
export const weirTableNames = async (db: Queryable): Promise<string[]> => {
  const { rows } = await db.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_catalog.pg_class c
       JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND c.relname LIKE 'weir\\_%'
      ORDER BY c.relname`,
  );
  return rows.map((r) => r.name);
};

/** Identifiers from the whitelist only; the check keeps a future caller honest. */
const quoted = (name: string, whitelist: readonly string[]): string => {
  if (!whitelist.includes(name) || !/^[a-z_][a-z0-9_]*$/.test(name)) {
    throw new Error(`Not a whitelisted identifier: ${name}`);
  }
  return `"${name}"`;
};

export const countTableRows = async (
  db: Queryable,
  table: string,
  tables: readonly string[],
): Promise<number> => {
  const { rows } = await db.query<{ n: string }>(`SELECT count(*) AS n FROM ${quoted(table, tables)}`);
  return Number(rows[0].n);
};

export const tableColumns = async (db: Queryable, table: string): Promise<TableColumn[]> => {
  const { rows } = await db.query<TableColumn>(
    `SELECT column_name AS name, data_type AS type FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`,
    [table],
  );
  return rows;
};

export interface TableDataPage {
  readonly table: string;
  readonly tables: readonly string[];
  readonly columns: readonly string[];
  readonly orderBy?: { readonly column: string; readonly order: 'asc' | 'desc' };
  readonly start: number;
  readonly size: number;
}

export const tableRows = async (db: Queryable, p: TableDataPage): Promise<Record<string, unknown>[]> => {
  const order = p.orderBy
    ? `ORDER BY ${quoted(p.orderBy.column, p.columns)} ${p.orderBy.order === 'desc' ? 'DESC' : 'ASC'}`
    : '';
  const { rows } = await db.query(`SELECT * FROM ${quoted(p.table, p.tables)} ${order} LIMIT $1 OFFSET $2`, [
    p.size,
    p.start,
  ]);
  return rows;
};
