-- The authenticated user who acquired an external-worker job. A worker's `workerId` is any
-- string the client sends, so it cannot prove who is asking; completing, failing or releasing
-- the job is allowed only to the user recorded here (or an admin).
ALTER TABLE weir_job ADD COLUMN lock_user_id text;

-- Weir's privilege for deploying and managing definitions (Flowable has no such privilege; see
-- docs/security.md): granted by an admin to a user or a group through the idm API.
INSERT INTO weir_idm_privilege (id, name) VALUES ('deploy-definitions', 'deploy-definitions');
