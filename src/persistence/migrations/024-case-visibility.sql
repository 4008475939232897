-- Per-case visibility (docs/security.md): the people involved in a case instance are identity
-- links with scope_type 'cmmn' and scope_id the case, in the same tables as the links of
-- process instances and tasks (as Flowable keeps them), and their historic copies, so that a
-- case's history still names its people once it has ended.
ALTER TABLE weir_identity_link ADD COLUMN scope_id text, ADD COLUMN scope_type text;
ALTER TABLE weir_hi_identity_link ADD COLUMN scope_id text, ADD COLUMN scope_type text;
CREATE INDEX weir_identity_link_scope ON weir_identity_link (scope_id) WHERE scope_id IS NOT NULL;
CREATE INDEX weir_hi_identity_link_scope ON weir_hi_identity_link (scope_id) WHERE scope_id IS NOT NULL;

-- The visibility predicate gathers a user's cases from the user's side: by starter, and by the
-- assignee or owner of case tasks (the task tables' own indexes on assignee and owner serve those).
CREATE INDEX weir_cmmn_case_instance_start_user ON weir_cmmn_case_instance (start_user_id)
  WHERE start_user_id IS NOT NULL;
CREATE INDEX weir_cmmn_hi_case_instance_start_user ON weir_cmmn_hi_case_instance (start_user_id)
  WHERE start_user_id IS NOT NULL;

-- A case task's stage (Flowable's propagatedStageInstanceId): the plan item instance of the
-- stage its plan item sits in, null for a task directly in the case plan model.
ALTER TABLE weir_task ADD COLUMN propagated_stage_instance_id text;
ALTER TABLE weir_hi_task_instance ADD COLUMN propagated_stage_instance_id text;
