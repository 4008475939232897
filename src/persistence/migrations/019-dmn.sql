-- The decision engine: DMN deployments (on their own through /dmn-api, or children of a process
-- deployment that carried `.dmn` resources), their resources, versioned decision definitions
-- (one per decision and per decision service of a file, keyed by its id, as Flowable's), and the
-- history of decision executions with their audit trail.

CREATE TABLE weir_dmn_deployment (
  id text PRIMARY KEY,
  name text,
  category text,
  tenant_id text NOT NULL DEFAULT '',
  -- the process deployment that carried the decisions; deleting it deletes them
  parent_deployment_id text REFERENCES weir_deployment (id) ON DELETE CASCADE,
  deployed_at timestamptz NOT NULL
);
CREATE INDEX weir_dmn_deployment_parent ON weir_dmn_deployment (parent_deployment_id);

CREATE TABLE weir_dmn_resource (
  deployment_id text NOT NULL REFERENCES weir_dmn_deployment (id) ON DELETE CASCADE,
  name text NOT NULL,
  content bytea NOT NULL,
  PRIMARY KEY (deployment_id, name)
);

CREATE TABLE weir_dmn_decision (
  id text PRIMARY KEY,
  key text NOT NULL,
  version integer NOT NULL,
  name text,
  description text,
  category text,
  tenant_id text NOT NULL DEFAULT '',
  deployment_id text NOT NULL REFERENCES weir_dmn_deployment (id) ON DELETE CASCADE,
  resource_name text NOT NULL,
  -- Flowable's decisionType: decision_table, decision_service (or literal_expression)
  decision_type text NOT NULL,
  created_at timestamptz NOT NULL,
  UNIQUE (key, tenant_id, version)
);
CREATE INDEX weir_dmn_decision_deployment ON weir_dmn_decision (deployment_id);

-- No foreign key to the decision: an execution stays readable after its decision is undeployed,
-- as a historic record; one run from a process goes with its historic process instance.
CREATE TABLE weir_dmn_history (
  id text PRIMARY KEY,
  decision_definition_id text NOT NULL,
  decision_key text NOT NULL,
  deployment_id text NOT NULL,
  start_time timestamptz NOT NULL,
  end_time timestamptz NOT NULL,
  instance_id text,
  execution_id text,
  activity_id text,
  scope_type text,
  failed boolean NOT NULL,
  tenant_id text NOT NULL DEFAULT '',
  -- the audit trail (inputs, rules, conditions, conclusions, results) as the REST API answers it
  execution_json jsonb NOT NULL
);
CREATE INDEX weir_dmn_history_instance ON weir_dmn_history (instance_id);
CREATE INDEX weir_dmn_history_decision ON weir_dmn_history (decision_definition_id);
