/**
 * Weir's search index in PostgreSQL (full text), in place of Flowable's Elasticsearch indices.
 *
 * These tables are not made by a migration: like Flowable's index mappings, they are created
 * at boot by `cluster/index-mappings.ts`, under the index-mapping lock when
 * `flowable.indexing.use-lock-for-index-mapping-creation` is set. That also keeps them out of
 * `schema/schema.sql`, which shows what the migrations make. Every statement is idempotent
 * (`IF NOT EXISTS`), so a node can run them at every boot; the search API fills them.
 */
import type { Database, Queryable } from './database.ts';

const SEARCH_TABLES = ['weir_search_document'] as const;

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
  PRIMARY KEY (kind, id)
);
CREATE INDEX IF NOT EXISTS weir_search_document_body ON weir_search_document USING gin (body);
CREATE INDEX IF NOT EXISTS weir_search_document_tenant ON weir_search_document (tenant_id, kind);
`;

/** The search tables that do not exist yet (read from the catalog, as migrations do). */
export const missingSearchTables = async (db: Queryable): Promise<string[]> => {
  const { rows } = await db.query<{ name: string }>(
    `SELECT tablename AS name FROM pg_catalog.pg_tables
     WHERE schemaname = current_schema() AND tablename IN (${SEARCH_TABLES.map((name) => `'${name}'`).join(', ')})`,
  );
  const present = new Set(rows.map((row) => row.name));
  return SEARCH_TABLES.filter((name) => !present.has(name));
};

export const createSearchTables = (db: Database): Promise<void> =>
  db.transaction(async (tx) => {
    await tx.query(MAPPING_LOCK);
    await tx.exec(MAPPINGS);
  });
