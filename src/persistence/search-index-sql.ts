/**
 * Weir's search index in PostgreSQL (full text and typed variable values), in place of
 * Flowable's Elasticsearch indices.
 *
 * These tables are not made by a migration: like Flowable's index mappings, they are created
 * at boot by `cluster/index-mappings.ts`, under the index-mapping lock when
 * `flowable.indexing.use-lock-for-index-mapping-creation` is set. That also keeps them out of
 * `schema/schema.sql`, which shows what the migrations make. Every statement is idempotent
 * (`IF NOT EXISTS`), so a node can run them at every boot; the engine's flush fills them
 * (`search-writes-sql.ts`) and `weir reindex` rebuilds them.
 *
 * One document per task (`kind = 'task'`) and per process instance (`kind = 'process'`, one
 * row for the running and the historic instance: `runtime` and `historic` say which it is).
 * Variables are rows of their own, one per (scope, owner, name), each value in the column of
 * its type, so that equality and range filters are index range scans on (scope, name, value).
 */
import type { Database, Queryable } from './database.ts';

/**
 * B-tree entries are limited to about 2.7 kB; a longer string is indexed by its first
 * characters (equality and `like` compare those), and its whole text goes to the full text.
 */
export const MAX_INDEXED_TEXT = 1024;

const SEARCH_TABLES = ['weir_search_document', 'weir_search_variable'] as const;

/**
 * 0x57454952 ("WEIR"), 6: index mapping creation. Two sessions running `CREATE TABLE IF NOT
 * EXISTS` at the same moment can both pass the "not exists" check and one then fails on the
 * catalog's unique index; this lock makes the DDL safe even without the cluster lock.
 */
const MAPPING_LOCK = 'SELECT pg_advisory_xact_lock(1464158546, 6)';

const MAPPINGS = `
CREATE TABLE IF NOT EXISTS weir_search_document (
  kind text NOT NULL,
  id text NOT NULL,
  tenant_id text NOT NULL DEFAULT '',
  title text,
  body tsvector NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  process_instance_id text,
  definition_id text,
  definition_key text,
  task_definition_key text,
  business_key text,
  assignee text,
  owner text,
  start_user_id text,
  state text,
  runtime boolean NOT NULL DEFAULT true,
  historic boolean NOT NULL DEFAULT false,
  priority integer,
  due_date timestamptz,
  created_at timestamptz,
  ended_at timestamptz,
  PRIMARY KEY (kind, id)
);
CREATE INDEX IF NOT EXISTS weir_search_document_body ON weir_search_document USING gin (body);
CREATE INDEX IF NOT EXISTS weir_search_document_tenant ON weir_search_document (tenant_id, kind);
CREATE INDEX IF NOT EXISTS weir_search_document_created ON weir_search_document (kind, created_at, id);
CREATE INDEX IF NOT EXISTS weir_search_document_assignee ON weir_search_document (kind, assignee) WHERE assignee IS NOT NULL;
CREATE INDEX IF NOT EXISTS weir_search_document_definition ON weir_search_document (kind, definition_key);
CREATE INDEX IF NOT EXISTS weir_search_document_instance ON weir_search_document (process_instance_id);
CREATE TABLE IF NOT EXISTS weir_search_variable (
  scope text NOT NULL,
  scope_id text NOT NULL,
  name text NOT NULL,
  type text NOT NULL,
  text_value text,
  number_value double precision,
  date_value timestamptz,
  bool_value boolean,
  PRIMARY KEY (scope, scope_id, name)
);
CREATE INDEX IF NOT EXISTS weir_search_variable_text ON weir_search_variable (scope, name, text_value, scope_id) WHERE text_value IS NOT NULL;
CREATE INDEX IF NOT EXISTS weir_search_variable_text_lower ON weir_search_variable (scope, name, lower(text_value), scope_id) WHERE text_value IS NOT NULL;
CREATE INDEX IF NOT EXISTS weir_search_variable_number ON weir_search_variable (scope, name, number_value, scope_id) WHERE number_value IS NOT NULL;
CREATE INDEX IF NOT EXISTS weir_search_variable_date ON weir_search_variable (scope, name, date_value, scope_id) WHERE date_value IS NOT NULL;
CREATE INDEX IF NOT EXISTS weir_search_variable_bool ON weir_search_variable (scope, name, bool_value, scope_id) WHERE bool_value IS NOT NULL;
`;

/** The search tables that do not exist yet (read from the catalog, as migrations do). */
export const missingSearchTables = async (db: Queryable): Promise<string[]> => {
  const { rows } = await db.query<{ name: string }>(
    `SELECT tablename AS name FROM pg_catalog.pg_tables
     WHERE schemaname = current_schema() AND tablename = ANY($1::text[])`,
    [SEARCH_TABLES],
  );
  const present = new Set(rows.map((row) => row.name));
  return SEARCH_TABLES.filter((name) => !present.has(name));
};

/** Whether `language` names a text search configuration of this database (`simple`, `english`, ...). */
export const isTextSearchConfig = async (db: Queryable, language: string): Promise<boolean> => {
  const { rows } = await db.query<{ ok: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_ts_config WHERE cfgname = $1) AS ok`,
    [language],
  );
  return rows[0]?.ok === true;
};

export const createSearchTables = (db: Database): Promise<void> =>
  db.transaction(async (tx) => {
    await tx.query(MAPPING_LOCK);
    await tx.exec(MAPPINGS);
  });
