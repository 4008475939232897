-- Branch mgmt: engine properties, the model store, and users' info and pictures.

-- Engine properties an operator sets through `management/engine-properties` (Flowable's
-- ACT_GE_PROPERTY). The properties Weir derives itself (schema version and history, engine
-- version, id generator) are not stored here: they are read from the schema and the running
-- node, so they cannot drift from the truth.
CREATE TABLE weir_property (
  name text PRIMARY KEY,
  value text,
  revision integer NOT NULL DEFAULT 1
);

-- The model store of `repository/models` (Flowable's ACT_RE_MODEL): what a modelling tool saves
-- before anything is deployed. The two sources are opaque bytes for the tool that wrote them.
-- Bounded so that the store cannot be used to park large files in the database.
CREATE TABLE weir_model (
  id text PRIMARY KEY,
  name text,
  key text,
  category text,
  version integer,
  meta_info text,
  deployment_id text,
  tenant_id text NOT NULL DEFAULT '',
  create_time timestamptz NOT NULL,
  last_update_time timestamptz NOT NULL,
  editor_source bytea CHECK (octet_length(editor_source) <= 10485760),
  editor_source_extra bytea CHECK (octet_length(editor_source_extra) <= 10485760)
);
CREATE INDEX weir_model_key ON weir_model (key, tenant_id, version);

-- A user's free key/value info (Flowable's ACT_ID_INFO of type userinfo).
CREATE TABLE weir_idm_user_info (
  user_id text NOT NULL REFERENCES weir_idm_user (id) ON DELETE CASCADE,
  key text NOT NULL,
  value text,
  PRIMARY KEY (user_id, key)
);

-- A user's picture: one per user, at most 1 MiB (the REST route refuses larger uploads first).
CREATE TABLE weir_idm_user_picture (
  user_id text PRIMARY KEY REFERENCES weir_idm_user (id) ON DELETE CASCADE,
  mime_type text NOT NULL,
  bytes bytea NOT NULL CHECK (octet_length(bytes) <= 1048576)
);
