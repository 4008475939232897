-- Identity (users, groups, memberships, privileges) for HTTP Basic auth, and task comments.
--
-- Passwords are stored as scrypt hashes in one self-describing text column
-- (`scrypt$N$r$p$salt$hash`, base64), so the cost parameters can be raised later without a
-- migration: old hashes keep verifying with the parameters they were made with.

CREATE TABLE weir_idm_user (
  id text PRIMARY KEY,
  first_name text,
  last_name text,
  display_name text,
  email text,
  tenant_id text NOT NULL DEFAULT '',
  password_hash text,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE weir_idm_group (
  id text PRIMARY KEY,
  name text,
  type text,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE weir_idm_membership (
  user_id text NOT NULL REFERENCES weir_idm_user (id) ON DELETE CASCADE,
  group_id text NOT NULL REFERENCES weir_idm_group (id) ON DELETE CASCADE,
  PRIMARY KEY (user_id, group_id)
);
CREATE INDEX weir_idm_membership_group ON weir_idm_membership (group_id);

-- Flowable's privileges: `access-rest-api`, `access-admin`, and any an operator adds.
CREATE TABLE weir_idm_privilege (
  id text PRIMARY KEY,
  name text NOT NULL UNIQUE
);

-- A privilege is granted to a user or to a group (every member has it), never both in one row.
CREATE TABLE weir_idm_privilege_mapping (
  privilege_id text NOT NULL REFERENCES weir_idm_privilege (id) ON DELETE CASCADE,
  user_id text REFERENCES weir_idm_user (id) ON DELETE CASCADE,
  group_id text REFERENCES weir_idm_group (id) ON DELETE CASCADE,
  CHECK ((user_id IS NULL) <> (group_id IS NULL))
);
CREATE UNIQUE INDEX weir_idm_privilege_mapping_user ON weir_idm_privilege_mapping (privilege_id, user_id)
  WHERE user_id IS NOT NULL;
CREATE UNIQUE INDEX weir_idm_privilege_mapping_group ON weir_idm_privilege_mapping (privilege_id, group_id)
  WHERE group_id IS NOT NULL;

INSERT INTO weir_idm_privilege (id, name) VALUES
  ('access-rest-api', 'access-rest-api'),
  ('access-admin', 'access-admin');

-- Comments on tasks and process instances (Flowable's ACT_HI_COMMENT). They outlive the task,
-- as in Flowable, so no foreign key to the runtime task row.
CREATE TABLE weir_comment (
  id text PRIMARY KEY,
  task_id text,
  process_instance_id text,
  author text,
  message text NOT NULL,
  type text NOT NULL DEFAULT 'comment',
  created_at timestamptz NOT NULL
);
CREATE INDEX weir_comment_task ON weir_comment (task_id) WHERE task_id IS NOT NULL;
CREATE INDEX weir_comment_instance ON weir_comment (process_instance_id) WHERE process_instance_id IS NOT NULL;
