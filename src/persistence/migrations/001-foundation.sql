-- The foundation: the migration record, the cluster's named locks and its node registry.

-- One row per applied migration file; the runner skips the files recorded here.
CREATE TABLE weir_migration (
  id integer PRIMARY KEY,
  name text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
);

-- Named cluster locks (schema migration, auto-deployment, index mappings). A row is a held
-- lock; it expires so that a holder that dies does not block the cluster forever, and a
-- live holder extends `expires_at` while it works. Times come from the database clock, so
-- nodes with skewed clocks agree on who holds what.
CREATE TABLE weir_lock (
  name text PRIMARY KEY,
  owner text NOT NULL,
  owner_host text,
  acquired_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);

-- One row per live node, rewritten at every heartbeat and deleted on graceful shutdown.
-- A row whose last_beat_at is old belongs to a node that died.
CREATE TABLE weir_node (
  id text PRIMARY KEY,
  host text NOT NULL,
  port integer NOT NULL,
  version text NOT NULL,
  started_at timestamptz NOT NULL,
  last_beat_at timestamptz NOT NULL,
  stats jsonb NOT NULL DEFAULT '{}'
);
