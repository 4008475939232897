-- The content engine (Flowable's ACT_CO_CONTENT_ITEM): one row per content item. The bytes
-- live outside PostgreSQL (a shared folder or S3) under `storage_key`; a row that names bytes
-- is written only after they are fully stored, so no reader ever sees a half-written item.
CREATE TABLE weir_content_item (
  id text PRIMARY KEY,
  name text NOT NULL,
  mime_type text,
  task_id text,
  process_instance_id text,
  scope_id text,
  scope_type text,
  content_store_id text,
  content_store_name text,
  field text,
  content_available boolean NOT NULL DEFAULT false,
  content_size bigint,
  -- hex SHA-256 of the stored bytes, checked on every read
  checksum text,
  storage_key text,
  tenant_id text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL,
  created_by text,
  last_modified_at timestamptz NOT NULL,
  last_modified_by text
);
CREATE INDEX weir_content_item_task ON weir_content_item (task_id) WHERE task_id IS NOT NULL;
CREATE INDEX weir_content_item_instance ON weir_content_item (process_instance_id) WHERE process_instance_id IS NOT NULL;
CREATE INDEX weir_content_item_scope ON weir_content_item (scope_id, scope_type) WHERE scope_id IS NOT NULL;
CREATE INDEX weir_content_item_created ON weir_content_item (created_at);

-- Bytes no row names any more. Whatever deletes a content row (the content API, deleting an
-- instance's history, a deployment deleted with cascade) or replaces its bytes leaves the old
-- key here in the same transaction, by the trigger below; a node removes the bytes after
-- commit, and a periodic sweep retries what a crashed node left. Deleting bytes inside the
-- transaction instead would lose them for good when the transaction then rolls back.
CREATE TABLE weir_content_orphan (
  storage_key text PRIMARY KEY,
  orphaned_at timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION weir_content_orphan_bytes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.storage_key IS NOT NULL AND (TG_OP = 'DELETE' OR NEW.storage_key IS DISTINCT FROM OLD.storage_key) THEN
    INSERT INTO weir_content_orphan (storage_key) VALUES (OLD.storage_key) ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER weir_content_item_orphans AFTER DELETE OR UPDATE OF storage_key ON weir_content_item
  FOR EACH ROW EXECUTE FUNCTION weir_content_orphan_bytes();

-- A task attachment's file is a content item (its bytes in the content store, not here).
ALTER TABLE weir_attachment ADD COLUMN content_item_id text;
