-- The app engine: app deployments (a `.app` file on its own, or a `.zip`/`.bar` archive whose
-- other resources became process, DMN and form deployments with this one as their parent),
-- their resources, and versioned app definitions (one per deployment, keyed by the `.app`
-- model's key, as Flowable's).

CREATE TABLE weir_app_deployment (
  id text PRIMARY KEY,
  name text,
  category text,
  key text,
  tenant_id text NOT NULL DEFAULT '',
  deployed_at timestamptz NOT NULL
);

CREATE TABLE weir_app_resource (
  deployment_id text NOT NULL REFERENCES weir_app_deployment (id) ON DELETE CASCADE,
  name text NOT NULL,
  content bytea NOT NULL,
  PRIMARY KEY (deployment_id, name)
);

CREATE TABLE weir_app_definition (
  id text PRIMARY KEY,
  key text NOT NULL,
  version integer NOT NULL,
  name text,
  description text,
  category text,
  tenant_id text NOT NULL DEFAULT '',
  deployment_id text NOT NULL REFERENCES weir_app_deployment (id) ON DELETE CASCADE,
  resource_name text NOT NULL,
  -- the `.app` model as read (key, name, description, theme, icon, usersAccess, groupsAccess)
  model jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  UNIQUE (key, tenant_id, version)
);
CREATE INDEX weir_app_definition_deployment ON weir_app_definition (deployment_id);

-- A form or DMN deployment's parent is now a process deployment or an app deployment, so the
-- column can reference neither table: the parents' deletes remove their children explicitly
-- (src/engine/child-deployers.ts), in the same transaction.
ALTER TABLE weir_form_deployment DROP CONSTRAINT weir_form_deployment_parent_deployment_id_fkey;
ALTER TABLE weir_dmn_deployment DROP CONSTRAINT weir_dmn_deployment_parent_deployment_id_fkey;
CREATE INDEX weir_deployment_parent ON weir_deployment (parent_deployment_id);
