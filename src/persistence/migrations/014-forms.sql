-- The form engine: form deployments (on their own, or children of a process deployment that
-- carried `.form` resources), their resources, versioned form definitions, and form instances
-- (what a user submitted through a form, when, for which task or process).

CREATE TABLE weir_form_deployment (
  id text PRIMARY KEY,
  name text,
  category text,
  tenant_id text NOT NULL DEFAULT '',
  -- the process deployment that carried the forms; deleting it deletes them
  parent_deployment_id text REFERENCES weir_deployment (id) ON DELETE CASCADE,
  deployed_at timestamptz NOT NULL
);
CREATE INDEX weir_form_deployment_parent ON weir_form_deployment (parent_deployment_id);

CREATE TABLE weir_form_resource (
  deployment_id text NOT NULL REFERENCES weir_form_deployment (id) ON DELETE CASCADE,
  name text NOT NULL,
  content bytea NOT NULL,
  PRIMARY KEY (deployment_id, name)
);

CREATE TABLE weir_form_definition (
  id text PRIMARY KEY,
  key text NOT NULL,
  version integer NOT NULL,
  name text,
  description text,
  category text,
  tenant_id text NOT NULL DEFAULT '',
  deployment_id text NOT NULL REFERENCES weir_form_deployment (id) ON DELETE CASCADE,
  resource_name text NOT NULL,
  -- the validated form model, as the REST API answers it
  model jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  UNIQUE (key, tenant_id, version)
);
CREATE INDEX weir_form_definition_deployment ON weir_form_definition (deployment_id);

-- No foreign key to the definition: a submission stays readable after its form is undeployed,
-- as a historic record; it goes with its historic process instance.
CREATE TABLE weir_form_instance (
  id text PRIMARY KEY,
  form_definition_id text NOT NULL,
  task_id text,
  process_instance_id text,
  process_definition_id text,
  scope_id text,
  scope_type text,
  scope_definition_id text,
  submitted_at timestamptz NOT NULL,
  submitted_by text,
  form_values jsonb NOT NULL,
  outcome text,
  tenant_id text NOT NULL DEFAULT ''
);
CREATE INDEX weir_form_instance_task ON weir_form_instance (task_id);
CREATE INDEX weir_form_instance_process ON weir_form_instance (process_instance_id);
