-- The bytes of binary and serializable variables. A variable of those types keeps only a
-- reference (`{"bytesId": ..., "size": ...}`) in its instance document, task row or history
-- row, so that loading and writing back an instance (every command on it does) does not
-- carry megabytes of file content along. Rows are immutable: a new value is a new row, so a
-- history row keeps pointing at the value it recorded.
CREATE TABLE weir_variable_bytes (
  id text PRIMARY KEY,
  process_instance_id text,
  bytes bytea NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX weir_variable_bytes_instance ON weir_variable_bytes (process_instance_id);
