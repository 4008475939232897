/**
 * Weir's tables as `management/tables` shows them to administrators: each table with its row
 * count, its columns, and pages of its rows. Only `access-admin` reads them: rows hold every
 * instance's variables. Password hashes are never shown (the column reads as null), and
 * binary columns are shown as base64, as Flowable's JSON shows byte arrays.
 */
import { WeirError } from '../errors.ts';
import type { Database } from '../persistence/database.ts';
import { countTableRows, tableColumns, tableRows, weirTableNames } from '../persistence/tables-sql.ts';
import type { Principal } from './authorization.ts';
import { requireAdmin } from './engine-properties.ts';

/** Columns whose values are secrets even to administrators. */
const redacted: Readonly<Record<string, readonly string[]>> = { weir_idm_user: ['password_hash'] };

export interface TableMetaData {
  readonly tableName: string;
  readonly columnNames: string[];
  readonly columnTypes: string[];
}

/** The table's real name, found in the catalogue's whitelist (names are matched without case). */
const resolveTable = async (db: Database, name: string): Promise<{ table: string; tables: string[] }> => {
  const tables = await weirTableNames(db);
  const table = tables.find((t) => t === name.toLowerCase());
  if (!table) throw new WeirError('WEIR_NOT_FOUND', `Could not find a table with name '${name}'.`);
  return { table, tables };
};

export const listTables = async (
  db: Database,
  by: Principal | undefined,
): Promise<{ name: string; count: number }[]> => {
  requireAdmin(by, 'read', 'the database tables');
  const tables = await weirTableNames(db);
  const counted = [];
  for (const name of tables) counted.push({ name, count: await countTableRows(db, name, tables) });
  return counted;
};

export const getTable = async (
  db: Database,
  name: string,
  by: Principal | undefined,
): Promise<{ name: string; count: number }> => {
  requireAdmin(by, 'read', 'the database tables');
  const { table, tables } = await resolveTable(db, name);
  return { name: table, count: await countTableRows(db, table, tables) };
};

export const getTableMetaData = async (
  db: Database,
  name: string,
  by: Principal | undefined,
): Promise<TableMetaData> => {
  requireAdmin(by, 'read', 'the database tables');
  const { table } = await resolveTable(db, name);
  const columns = await tableColumns(db, table);
  return {
    tableName: table,
    columnNames: columns.map((c) => c.name),
    columnTypes: columns.map((c) => c.type),
  };
};

export interface TablePageInput {
  readonly start: number;
  readonly size: number;
  readonly orderAscendingColumn?: string;
  readonly orderDescendingColumn?: string;
}

const shown = (table: string, row: Record<string, unknown>): Record<string, unknown> => {
  const out: Record<string, unknown> = {};
  for (const [column, value] of Object.entries(row)) {
    if (redacted[table]?.includes(column)) out[column] = null;
    else if (value instanceof Uint8Array) out[column] = Buffer.from(value).toString('base64');
    else out[column] = value;
  }
  return out;
};

export const getTablePage = async (
  db: Database,
  name: string,
  input: TablePageInput,
  by: Principal | undefined,
): Promise<{ table: string; rows: Record<string, unknown>[]; total: number }> => {
  requireAdmin(by, 'read', 'the database tables');
  const { orderAscendingColumn: asc, orderDescendingColumn: desc } = input;
  if (asc !== undefined && desc !== undefined) {
    throw new WeirError(
      'WEIR_ILLEGAL_ARGUMENT',
      "Only one of 'orderAscendingColumn' or 'orderDescendingColumn' can be supplied.",
    );
  }
  const { table, tables } = await resolveTable(db, name);
  const columns = (await tableColumns(db, table)).map((c) => c.name);
  const sortName = asc ?? desc;
  const column = sortName === undefined ? undefined : columns.find((c) => c === sortName.toLowerCase());
  if (sortName !== undefined && column === undefined) {
    throw new WeirError(
      'WEIR_ILLEGAL_ARGUMENT',
      `Parameter '${asc !== undefined ? 'orderAscendingColumn' : 'orderDescendingColumn'}': table '${table}' has no column '${sortName}'`,
    );
  }
  const rows = await tableRows(db, {
    table,
    tables,
    columns,
    orderBy: column === undefined ? undefined : { column, order: asc !== undefined ? 'asc' : 'desc' },
    start: input.start,
    size: input.size,
  });
  return { table, rows: rows.map((r) => shown(table, r)), total: await countTableRows(db, table, tables) };
};
