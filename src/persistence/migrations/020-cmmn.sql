-- The case engine: CMMN deployments (on their own through /cmmn-api, or children of a process
-- or app deployment that carried `.cmmn` resources), their resources, versioned case
-- definitions, case instances (a locked root like a process instance, its plan items and
-- variables kept in one document), plan item instances and milestones as rows for the REST
-- queries, and history. Tasks of cases live in weir_task, told apart by scope_type = 'cmmn'.

CREATE TABLE weir_cmmn_deployment (
  id text PRIMARY KEY,
  name text,
  category text,
  key text,
  tenant_id text NOT NULL DEFAULT '',
  -- the process or app deployment that carried the case models; its delete deletes them
  parent_deployment_id text,
  deployed_at timestamptz NOT NULL
);
CREATE INDEX weir_cmmn_deployment_parent ON weir_cmmn_deployment (parent_deployment_id);

CREATE TABLE weir_cmmn_resource (
  deployment_id text NOT NULL REFERENCES weir_cmmn_deployment (id) ON DELETE CASCADE,
  name text NOT NULL,
  content bytea NOT NULL,
  PRIMARY KEY (deployment_id, name)
);

CREATE TABLE weir_cmmn_case_definition (
  id text PRIMARY KEY,
  key text NOT NULL,
  version integer NOT NULL,
  name text,
  description text,
  category text,
  tenant_id text NOT NULL DEFAULT '',
  deployment_id text NOT NULL REFERENCES weir_cmmn_deployment (id) ON DELETE CASCADE,
  resource_name text NOT NULL,
  has_start_form_key boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL,
  UNIQUE (key, tenant_id, version)
);
CREATE INDEX weir_cmmn_case_definition_deployment ON weir_cmmn_case_definition (deployment_id);

-- A running case. Every command on it takes this row FOR UPDATE first; `document` holds the
-- plan item instances, the sentries' remembered on-parts and the variables, read and written
-- whole by the command, like a process instance's state.
CREATE TABLE weir_cmmn_case_instance (
  id text PRIMARY KEY,
  definition_id text NOT NULL REFERENCES weir_cmmn_case_definition (id),
  business_key text,
  name text,
  state text NOT NULL,
  start_user_id text,
  started_at timestamptz NOT NULL,
  tenant_id text NOT NULL DEFAULT '',
  -- who started it when not a person: a plan item of a parent case, or a process execution
  callback_id text,
  callback_type text,
  parent_id text,
  document jsonb NOT NULL,
  revision integer NOT NULL DEFAULT 1
);
CREATE INDEX weir_cmmn_case_instance_definition ON weir_cmmn_case_instance (definition_id);
CREATE INDEX weir_cmmn_case_instance_callback ON weir_cmmn_case_instance (callback_id) WHERE callback_id IS NOT NULL;

CREATE TABLE weir_cmmn_hi_case_instance (
  id text PRIMARY KEY,
  definition_id text NOT NULL,
  definition_key text NOT NULL,
  definition_version integer NOT NULL,
  definition_name text,
  business_key text,
  name text,
  state text NOT NULL,
  start_user_id text,
  started_at timestamptz NOT NULL,
  ended_at timestamptz,
  tenant_id text NOT NULL DEFAULT '',
  callback_id text,
  callback_type text,
  parent_id text
);
CREATE INDEX weir_cmmn_hi_case_instance_definition ON weir_cmmn_hi_case_instance (definition_id);

-- Plan item instances, running and ended: rows of a running case are its runtime plan items,
-- all rows are its history (historic-planitem-instances).
CREATE TABLE weir_cmmn_plan_item (
  id text PRIMARY KEY,
  case_instance_id text NOT NULL,
  case_definition_id text NOT NULL,
  stage_instance_id text,
  element_id text NOT NULL,
  name text,
  state text NOT NULL,
  plan_item_definition_id text NOT NULL,
  plan_item_definition_type text NOT NULL,
  is_stage boolean NOT NULL,
  reference_id text,
  reference_type text,
  entry_criterion_id text,
  exit_criterion_id text,
  start_user_id text,
  tenant_id text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL,
  last_available_at timestamptz,
  last_enabled_at timestamptz,
  last_disabled_at timestamptz,
  last_started_at timestamptz,
  last_suspended_at timestamptz,
  completed_at timestamptz,
  occurred_at timestamptz,
  terminated_at timestamptz,
  exited_at timestamptz,
  ended_at timestamptz,
  last_updated_at timestamptz NOT NULL
);
CREATE INDEX weir_cmmn_plan_item_case ON weir_cmmn_plan_item (case_instance_id);

CREATE TABLE weir_cmmn_hi_milestone (
  id text PRIMARY KEY,
  name text,
  element_id text NOT NULL,
  plan_item_instance_id text NOT NULL,
  case_instance_id text NOT NULL,
  case_definition_id text NOT NULL,
  tenant_id text NOT NULL DEFAULT '',
  reached_at timestamptz NOT NULL
);
CREATE INDEX weir_cmmn_hi_milestone_case ON weir_cmmn_hi_milestone (case_instance_id);

CREATE TABLE weir_cmmn_hi_variable (
  id text PRIMARY KEY,
  case_instance_id text NOT NULL,
  plan_item_instance_id text,
  task_id text,
  name text NOT NULL,
  type text NOT NULL,
  value jsonb,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX weir_cmmn_hi_variable_case ON weir_cmmn_hi_variable (case_instance_id, name);

-- Tasks and jobs of cases share the process engine's tables, as in Flowable: a case's human
-- task has scope_type 'cmmn', scope_id the case, sub_scope_id its plan item instance.
ALTER TABLE weir_task
  ADD COLUMN scope_id text,
  ADD COLUMN scope_type text,
  ADD COLUMN sub_scope_id text,
  ADD COLUMN scope_definition_id text;
CREATE INDEX weir_task_scope ON weir_task (scope_id) WHERE scope_id IS NOT NULL;

ALTER TABLE weir_hi_task_instance
  ADD COLUMN scope_id text,
  ADD COLUMN scope_type text,
  ADD COLUMN sub_scope_id text,
  ADD COLUMN scope_definition_id text;
CREATE INDEX weir_hi_task_instance_scope ON weir_hi_task_instance (scope_id) WHERE scope_id IS NOT NULL;

-- A case job's root_instance_id is its case instance; scope_type tells the executor so.
ALTER TABLE weir_job ADD COLUMN scope_type text;

-- A process instance a case's process task started names the plan item instance, so its end
-- completes that plan item (Flowable's callbackId and callbackType 'cmmn').
ALTER TABLE weir_process_instance ADD COLUMN callback_id text, ADD COLUMN callback_type text;
