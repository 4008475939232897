-- A case's business status (Flowable's CaseInstance.businessStatus): set by a client through
-- PUT case-instances/{id}, shown on the case and kept on its history.
ALTER TABLE weir_cmmn_case_instance ADD COLUMN business_status text;
ALTER TABLE weir_cmmn_hi_case_instance ADD COLUMN business_status text;

-- Candidate starters of a case definition (Flowable's identity links of type `candidate` on
-- it), as weir_candidate_starter holds them for process definitions: who may start the case
-- (with admins) and whom `startableByUser` lists it for. A definition without any may be
-- started by every REST user. They go with the definition's deployment.
CREATE TABLE weir_cmmn_candidate_starter (
  id text PRIMARY KEY,
  definition_id text NOT NULL REFERENCES weir_cmmn_case_definition (id) ON DELETE CASCADE,
  user_id text,
  group_id text,
  created_at timestamptz NOT NULL,
  CHECK ((user_id IS NULL) <> (group_id IS NULL))
);
CREATE UNIQUE INDEX weir_cmmn_candidate_starter_user ON weir_cmmn_candidate_starter (definition_id, user_id)
  WHERE user_id IS NOT NULL;
CREATE UNIQUE INDEX weir_cmmn_candidate_starter_group ON weir_cmmn_candidate_starter (definition_id, group_id)
  WHERE group_id IS NOT NULL;
