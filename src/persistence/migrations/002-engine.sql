-- The process engine's tables: repository, runtime, jobs, history.
--
-- Runtime state of a process instance (its executions and variables) lives in one jsonb
-- document on the instance row. A command locks that row (FOR UPDATE on the root
-- instance), reads the document, runs, and writes it back once: one row lock serialises
-- every command on an instance across the cluster, and one UPDATE is all a step costs.
-- Tasks, jobs and event subscriptions are rows of their own because other parties query
-- them: users list their tasks, nodes acquire jobs, messages and signals find subscribers.

CREATE TABLE weir_deployment (
  id text PRIMARY KEY,
  name text,
  category text,
  key text,
  tenant_id text NOT NULL DEFAULT '',
  parent_deployment_id text,
  deployed_at timestamptz NOT NULL
);
CREATE INDEX weir_deployment_name ON weir_deployment (name, tenant_id, deployed_at DESC);

CREATE TABLE weir_resource (
  deployment_id text NOT NULL REFERENCES weir_deployment (id) ON DELETE CASCADE,
  name text NOT NULL,
  content bytea NOT NULL,
  sha256 text NOT NULL,
  PRIMARY KEY (deployment_id, name)
);

CREATE TABLE weir_process_definition (
  id text PRIMARY KEY,
  key text NOT NULL,
  version integer NOT NULL,
  name text,
  description text,
  category text,
  tenant_id text NOT NULL DEFAULT '',
  deployment_id text NOT NULL REFERENCES weir_deployment (id) ON DELETE CASCADE,
  resource_name text NOT NULL,
  has_start_form_key boolean NOT NULL DEFAULT false,
  start_form_key text,
  has_graphical_notation boolean NOT NULL DEFAULT false,
  suspended boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL,
  UNIQUE (key, tenant_id, version)
);
CREATE INDEX weir_process_definition_deployment ON weir_process_definition (deployment_id);

CREATE TABLE weir_process_instance (
  id text PRIMARY KEY,
  root_id text NOT NULL,
  super_instance_id text,
  super_execution_id text,
  definition_id text NOT NULL,
  definition_key text NOT NULL,
  definition_version integer NOT NULL,
  business_key text,
  name text,
  tenant_id text NOT NULL DEFAULT '',
  start_activity_id text,
  start_user_id text,
  started_at timestamptz NOT NULL,
  suspended boolean NOT NULL DEFAULT false,
  revision integer NOT NULL DEFAULT 1,
  state jsonb NOT NULL
);
CREATE INDEX weir_process_instance_root ON weir_process_instance (root_id);
CREATE INDEX weir_process_instance_definition ON weir_process_instance (definition_id);
CREATE INDEX weir_process_instance_business_key ON weir_process_instance (business_key) WHERE business_key IS NOT NULL;
CREATE INDEX weir_process_instance_super ON weir_process_instance (super_instance_id) WHERE super_instance_id IS NOT NULL;

CREATE TABLE weir_task (
  id text PRIMARY KEY,
  process_instance_id text,
  root_instance_id text,
  execution_id text,
  definition_id text,
  task_definition_key text,
  name text,
  description text,
  assignee text,
  owner text,
  delegation_state text,
  priority integer NOT NULL DEFAULT 50,
  due_date timestamptz,
  category text,
  form_key text,
  tenant_id text NOT NULL DEFAULT '',
  parent_task_id text,
  suspended boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL,
  claimed_at timestamptz,
  variables jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX weir_task_instance ON weir_task (root_instance_id);
CREATE INDEX weir_task_assignee ON weir_task (assignee) WHERE assignee IS NOT NULL;

CREATE TABLE weir_identity_link (
  id text PRIMARY KEY,
  type text NOT NULL,
  user_id text,
  group_id text,
  task_id text,
  process_instance_id text,
  root_instance_id text,
  created_at timestamptz NOT NULL
);
CREATE INDEX weir_identity_link_task ON weir_identity_link (task_id) WHERE task_id IS NOT NULL;
CREATE INDEX weir_identity_link_instance ON weir_identity_link (process_instance_id) WHERE process_instance_id IS NOT NULL;
CREATE INDEX weir_identity_link_user ON weir_identity_link (user_id) WHERE user_id IS NOT NULL;
CREATE INDEX weir_identity_link_group ON weir_identity_link (group_id) WHERE group_id IS NOT NULL;

CREATE TABLE weir_event_subscription (
  id text PRIMARY KEY,
  event_type text NOT NULL,
  event_name text NOT NULL,
  process_instance_id text,
  root_instance_id text,
  execution_id text,
  activity_id text,
  definition_id text,
  scope text,
  tenant_id text NOT NULL DEFAULT '',
  configuration jsonb,
  created_at timestamptz NOT NULL
);
CREATE INDEX weir_event_subscription_name ON weir_event_subscription (event_type, event_name, tenant_id);
CREATE INDEX weir_event_subscription_instance ON weir_event_subscription (root_instance_id);

-- All jobs in one table with a state column. The executor's acquisition query must stay an
-- index scan however large the table gets, hence the partial index on exactly its predicate.
CREATE TABLE weir_job (
  id text PRIMARY KEY,
  state text NOT NULL CHECK (state IN ('executable', 'timer', 'external', 'deadletter', 'suspended')),
  handler text NOT NULL,
  handler_config jsonb,
  process_instance_id text,
  root_instance_id text,
  execution_id text,
  definition_id text,
  element_id text,
  element_name text,
  exclusive boolean NOT NULL DEFAULT true,
  retries integer NOT NULL DEFAULT 3,
  retry_cycle text,
  due_at timestamptz,
  repeat text,
  end_at timestamptz,
  lock_owner text,
  lock_expires_at timestamptz,
  topic text,
  worker_id text,
  exception_message text,
  exception_stacktrace text,
  tenant_id text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL
);
CREATE INDEX weir_job_acquirable ON weir_job (due_at, id)
  WHERE lock_owner IS NULL AND state IN ('executable', 'timer');
CREATE INDEX weir_job_locked ON weir_job (lock_owner, lock_expires_at) WHERE lock_owner IS NOT NULL;
CREATE INDEX weir_job_instance ON weir_job (root_instance_id);
CREATE INDEX weir_job_external_topic ON weir_job (topic, due_at) WHERE state = 'external';

CREATE TABLE weir_hi_process_instance (
  id text PRIMARY KEY,
  root_id text NOT NULL,
  super_instance_id text,
  definition_id text NOT NULL,
  definition_key text NOT NULL,
  definition_version integer NOT NULL,
  business_key text,
  name text,
  tenant_id text NOT NULL DEFAULT '',
  start_activity_id text,
  end_activity_id text,
  start_user_id text,
  started_at timestamptz NOT NULL,
  ended_at timestamptz,
  duration_ms bigint,
  end_reason text
);
CREATE INDEX weir_hi_process_instance_definition ON weir_hi_process_instance (definition_id);
CREATE INDEX weir_hi_process_instance_business_key ON weir_hi_process_instance (business_key) WHERE business_key IS NOT NULL;

CREATE TABLE weir_hi_activity_instance (
  id text PRIMARY KEY,
  process_instance_id text NOT NULL,
  execution_id text NOT NULL,
  definition_id text NOT NULL,
  activity_id text NOT NULL,
  activity_name text,
  activity_type text NOT NULL,
  assignee text,
  task_id text,
  called_process_instance_id text,
  tenant_id text NOT NULL DEFAULT '',
  started_at timestamptz NOT NULL,
  ended_at timestamptz,
  duration_ms bigint,
  end_reason text,
  seq bigint NOT NULL
);
CREATE INDEX weir_hi_activity_instance_instance ON weir_hi_activity_instance (process_instance_id, seq);

CREATE TABLE weir_hi_task_instance (
  id text PRIMARY KEY,
  process_instance_id text,
  execution_id text,
  definition_id text,
  task_definition_key text,
  name text,
  description text,
  assignee text,
  owner text,
  priority integer NOT NULL DEFAULT 50,
  due_date timestamptz,
  category text,
  form_key text,
  tenant_id text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL,
  claimed_at timestamptz,
  ended_at timestamptz,
  duration_ms bigint,
  end_reason text
);
CREATE INDEX weir_hi_task_instance_instance ON weir_hi_task_instance (process_instance_id);

CREATE TABLE weir_hi_variable_instance (
  id text PRIMARY KEY,
  process_instance_id text,
  execution_id text,
  task_id text,
  name text NOT NULL,
  type text NOT NULL,
  value jsonb,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX weir_hi_variable_instance_instance ON weir_hi_variable_instance (process_instance_id, name);

-- Every change of a variable, kept at history level `full` only.
CREATE TABLE weir_hi_variable_update (
  id bigserial PRIMARY KEY,
  variable_id text NOT NULL,
  process_instance_id text,
  execution_id text,
  task_id text,
  activity_instance_id text,
  name text NOT NULL,
  type text NOT NULL,
  value jsonb,
  revision integer NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX weir_hi_variable_update_instance ON weir_hi_variable_update (process_instance_id);
