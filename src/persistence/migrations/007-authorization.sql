-- The authenticated user who acquired an external-worker job. A worker's `workerId` is any
-- string the client sends, so it cannot prove who is asking; completing, failing or releasing
-- the job is allowed only to the user recorded here (or an admin).
ALTER TABLE weir_job ADD COLUMN lock_user_id text;

-- Weir's privilege for deploying and managing definitions (Flowable has no such privilege; see
-- docs/security.md): granted by an admin to a user or a group through the idm API.
INSERT INTO weir_idm_privilege (id, name) VALUES ('deploy-definitions', 'deploy-definitions');

-- What a user may see is looked up from the user's side (docs/security.md): the instances of
-- the tasks they are assignee or owner of, open or ended. Without these, every list a
-- non-admin asks for scans all task history.
CREATE INDEX weir_task_owner ON weir_task (owner) WHERE owner IS NOT NULL;
CREATE INDEX weir_hi_task_instance_assignee ON weir_hi_task_instance (assignee) WHERE assignee IS NOT NULL;
CREATE INDEX weir_hi_task_instance_owner ON weir_hi_task_instance (owner) WHERE owner IS NOT NULL;
CREATE INDEX weir_process_instance_start_user ON weir_process_instance (start_user_id)
  WHERE start_user_id IS NOT NULL;
CREATE INDEX weir_hi_process_instance_start_user ON weir_hi_process_instance (start_user_id)
  WHERE start_user_id IS NOT NULL;
