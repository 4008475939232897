/**
 * Writing the search index: a handful of statements whatever the number of documents and
 * variables, each taking its rows as one jsonb parameter. The engine's flush records them in
 * its write batch, so they run in the command's own statement and transaction: a write that
 * was acknowledged is in the index. The parts touch disjoint rows (the batch's rule): the
 * document upsert, the removal of other documents, the upsert of present variables and the
 * removal of variables no longer present.
 *
 * `language` is a text search configuration name (`simple`, `english`, ...), passed as a
 * parameter and cast to `regconfig`, so it never becomes SQL text.
 */
import type { Queryable } from './database.ts';
import { toSnakeRow } from './rows.ts';

export interface SearchChanges {
  readonly documents: readonly object[];
  /** documents of instances and tasks the command created: no comment refers to them yet */
  readonly freshDocuments?: readonly object[];
  /** variable sets `{scope, scopeId, values: [...]}`: the whole set of each owner */
  readonly variableSets: readonly {
    scope: string;
    scopeId: string;
    values: readonly object[];
    /** created by this command: nothing of it is indexed yet, so nothing to remove */
    fresh?: boolean;
  }[];
  readonly removedTasks: readonly string[];
  /** instances gone without history: their document and variables go */
  readonly removedInstances: readonly string[];
  /** cases whose history was deleted: their document and variables go */
  readonly removedCases?: readonly string[];
}

const DOCUMENT_COLUMNS = `kind text, id text, tenant_id text, title text, text text, process_instance_id text,
  definition_id text, definition_key text, task_definition_key text, business_key text, assignee text,
  owner text, start_user_id text, state text, runtime boolean, historic boolean, priority integer,
  due_date timestamptz, created_at timestamptz, ended_at timestamptz`;

const ownWordsOf = (r: string) => `to_tsvector($2::regconfig, coalesce(${r}.text, ''))`;

/** A document's comments join its words; read in this statement, so a comment of this command counts. */
const bodyOf = (r: string) => `${ownWordsOf(r)}
  || coalesce((SELECT to_tsvector($2::regconfig, string_agg(c.message, ' ')) FROM weir_comment c
               WHERE c.type = 'comment' AND ((${r}.kind = 'task' AND c.task_id = ${r}.id)
                  OR (${r}.kind = 'process' AND c.process_instance_id = ${r}.id))), ''::tsvector)`;

const upsertDocuments = (
  body: string,
) => `INSERT INTO weir_search_document AS d (kind, id, tenant_id, title, body, updated_at,
    process_instance_id, definition_id, definition_key, task_definition_key, business_key, assignee, owner,
    start_user_id, state, runtime, historic, priority, due_date, created_at, ended_at)
  SELECT r.kind, r.id, r.tenant_id, r.title, ${body}, now(), r.process_instance_id, r.definition_id,
    r.definition_key, r.task_definition_key, r.business_key, r.assignee, r.owner, r.start_user_id, r.state,
    r.runtime, r.historic, r.priority, r.due_date, r.created_at, r.ended_at
  FROM jsonb_to_recordset($1::jsonb) AS r(${DOCUMENT_COLUMNS})
  ON CONFLICT (kind, id) DO UPDATE SET tenant_id = EXCLUDED.tenant_id, title = EXCLUDED.title,
    body = EXCLUDED.body, updated_at = EXCLUDED.updated_at, process_instance_id = EXCLUDED.process_instance_id,
    definition_id = EXCLUDED.definition_id, definition_key = EXCLUDED.definition_key,
    task_definition_key = EXCLUDED.task_definition_key, business_key = EXCLUDED.business_key,
    assignee = EXCLUDED.assignee, owner = EXCLUDED.owner, start_user_id = EXCLUDED.start_user_id,
    state = EXCLUDED.state, runtime = EXCLUDED.runtime, historic = EXCLUDED.historic,
    priority = EXCLUDED.priority, due_date = EXCLUDED.due_date, created_at = EXCLUDED.created_at,
    ended_at = EXCLUDED.ended_at
  WHERE (d.tenant_id, d.title, d.body, d.assignee, d.owner, d.state, d.runtime, d.historic, d.priority,
         d.due_date, d.ended_at, d.business_key, d.definition_id)
    IS DISTINCT FROM (EXCLUDED.tenant_id, EXCLUDED.title, EXCLUDED.body, EXCLUDED.assignee, EXCLUDED.owner,
         EXCLUDED.state, EXCLUDED.runtime, EXCLUDED.historic, EXCLUDED.priority, EXCLUDED.due_date,
         EXCLUDED.ended_at, EXCLUDED.business_key, EXCLUDED.definition_id)`;

const UPSERT_DOCUMENTS = upsertDocuments(bodyOf('r'));
// no comment lookup: a document the command created has none (one probe per start saved)
const UPSERT_FRESH_DOCUMENTS = upsertDocuments(ownWordsOf('r'));

// Unchanged values are not rewritten: a command that touches one variable of an instance
// with fifty leaves forty-nine rows (and their index entries) alone.
const UPSERT_VARIABLES = `INSERT INTO weir_search_variable AS v
    (scope, scope_id, name, type, text_value, number_value, date_value, bool_value)
  SELECT s.scope, s.scope_id, x.name, x.type, x.text_value, x.number_value, x.date_value, x.bool_value
  FROM jsonb_to_recordset($1::jsonb) AS s(scope text, scope_id text, "values" jsonb),
       jsonb_to_recordset(s."values") AS x(name text, type text, text_value text, number_value double precision,
                                          date_value timestamptz, bool_value boolean)
  ON CONFLICT (scope, scope_id, name) DO UPDATE SET type = EXCLUDED.type, text_value = EXCLUDED.text_value,
    number_value = EXCLUDED.number_value, date_value = EXCLUDED.date_value, bool_value = EXCLUDED.bool_value
  WHERE (v.type, v.text_value, v.number_value, v.date_value, v.bool_value)
    IS DISTINCT FROM (EXCLUDED.type, EXCLUDED.text_value, EXCLUDED.number_value, EXCLUDED.date_value,
                      EXCLUDED.bool_value)`;

// The owners again as arrays, one per scope (as REMOVE_VARIABLES_OF): each arm is an index
// probe on the primary key's two leading columns at any table size. On the join alone, or with
// the scope as an array parameter, a plan made while the table was small (no statistics yet)
// read every variable of the scope, at every command after.
const REMOVE_ABSENT_VARIABLES = `DELETE FROM weir_search_variable v
  USING jsonb_to_recordset($1::jsonb) AS s(scope text, scope_id text, names text[])
  WHERE v.scope = s.scope AND v.scope_id = s.scope_id AND NOT (v.name = ANY(s.names))
    AND ((v.scope = 'task' AND v.scope_id = ANY($2::text[])) OR (v.scope = 'process' AND v.scope_id = ANY($3::text[]))
      OR (v.scope = 'case' AND v.scope_id = ANY($4::text[])))`;

const idsOfScope = (sets: readonly { scope: string; scopeId: string }[], scope: string): string[] =>
  sets.filter((set) => set.scope === scope).map((set) => set.scopeId);

const REMOVE_DOCUMENTS = `DELETE FROM weir_search_document
  WHERE (kind = 'task' AND id = ANY($1::text[])) OR (kind = 'process' AND id = ANY($2::text[]))
     OR (kind = 'case' AND id = ANY($3::text[]))`;

const REMOVE_VARIABLES_OF = `DELETE FROM weir_search_variable
  WHERE (scope = 'task' AND scope_id = ANY($1::text[])) OR (scope = 'process' AND scope_id = ANY($2::text[]))
     OR (scope = 'case' AND scope_id = ANY($3::text[]))`;

/** Record the index writes of one command (or one reindex batch) against `db` (a write batch or a transaction). */
export const writeSearchChanges = async (
  db: Queryable,
  changes: SearchChanges,
  language: string,
): Promise<void> => {
  const {
    documents,
    freshDocuments = [],
    variableSets,
    removedTasks,
    removedInstances,
    removedCases = [],
  } = changes;
  if (documents.length > 0) {
    await db.query(UPSERT_DOCUMENTS, [JSON.stringify(documents.map(toSnakeRow)), language]);
  }
  if (freshDocuments.length > 0) {
    await db.query(UPSERT_FRESH_DOCUMENTS, [JSON.stringify(freshDocuments.map(toSnakeRow)), language]);
  }
  const present = variableSets.filter((set) => set.values.length > 0);
  if (present.length > 0) {
    await db.query(UPSERT_VARIABLES, [
      JSON.stringify(
        present.map((set) => ({
          scope: set.scope,
          scope_id: set.scopeId,
          values: set.values.map(toSnakeRow),
        })),
      ),
    ]);
  }
  // a new instance or task has no indexed variables yet: a start's batch skips this part
  const persisted = variableSets.filter((set) => !set.fresh);
  if (persisted.length > 0) {
    await db.query(REMOVE_ABSENT_VARIABLES, [
      JSON.stringify(
        persisted.map((set) => ({
          scope: set.scope,
          scope_id: set.scopeId,
          names: set.values.map((v) => (v as { name: string }).name),
        })),
      ),
      idsOfScope(persisted, 'task'),
      idsOfScope(persisted, 'process'),
      idsOfScope(persisted, 'case'),
    ]);
  }
  if (removedTasks.length > 0 || removedInstances.length > 0 || removedCases.length > 0) {
    await db.query(REMOVE_DOCUMENTS, [removedTasks, removedInstances, removedCases]);
    await db.query(REMOVE_VARIABLES_OF, [removedTasks, removedInstances, removedCases]);
  }
};
