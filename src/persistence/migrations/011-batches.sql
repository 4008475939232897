-- Batches (Flowable's management/batches): one row per batch, one part per instance it works
-- on. A batch-migration part is run by a job of the ordinary executor; the part records the
-- outcome, and the batch is completed by the part that finishes last.
CREATE TABLE weir_batch (
  id text PRIMARY KEY,
  batch_type text NOT NULL,
  search_key text,
  search_key2 text,
  -- inProgress, completed
  status text NOT NULL,
  document jsonb,
  tenant_id text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL,
  completed_at timestamptz
);
CREATE INDEX weir_batch_created ON weir_batch (created_at);

CREATE TABLE weir_batch_part (
  id text PRIMARY KEY,
  batch_id text NOT NULL REFERENCES weir_batch (id) ON DELETE CASCADE,
  batch_type text NOT NULL,
  search_key text,
  search_key2 text,
  scope_id text,
  sub_scope_id text,
  scope_type text,
  -- waiting, success, fail
  status text NOT NULL,
  result jsonb,
  tenant_id text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL,
  completed_at timestamptz
);
CREATE INDEX weir_batch_part_batch ON weir_batch_part (batch_id, status);
