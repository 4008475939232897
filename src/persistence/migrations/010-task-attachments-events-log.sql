-- Standalone tasks, attachments, task events, historic identity links and the task log
-- (branch `tasks`).

-- A task's parent, kept in history as Flowable's HistoricTaskInstance does.
ALTER TABLE weir_hi_task_instance ADD COLUMN parent_task_id text;
CREATE INDEX weir_task_parent ON weir_task (parent_task_id) WHERE parent_task_id IS NOT NULL;

-- Comments and task events share Flowable's one table (ACT_HI_COMMENT): type `comment` or
-- `event`, the action that wrote the row (AddComment, AddUserLink, DeleteGroupLink,
-- AddAttachment, ...) and, for events, the message parts Flowable joins with `_|_`.
ALTER TABLE weir_comment ADD COLUMN action text;
UPDATE weir_comment SET action = 'AddComment' WHERE type = 'comment';

-- Attachments of tasks and process instances (Flowable's ACT_HI_ATTACHMENT): a link to an
-- external URL, or content bytes kept here (bounded by the HTTP body limit) until the
-- content engine takes their storage over. They outlive the task, like comments.
CREATE TABLE weir_attachment (
  id text PRIMARY KEY,
  task_id text,
  process_instance_id text,
  user_id text,
  name text NOT NULL,
  description text,
  type text,
  url text,
  content bytea,
  created_at timestamptz NOT NULL
);
CREATE INDEX weir_attachment_task ON weir_attachment (task_id) WHERE task_id IS NOT NULL;
CREATE INDEX weir_attachment_instance ON weir_attachment (process_instance_id) WHERE process_instance_id IS NOT NULL;

-- Every identity link ever added to a task or process instance, kept after the task or
-- instance ends (Flowable's ACT_HI_IDENTITYLINK). Removing a runtime link removes its row.
CREATE TABLE weir_hi_identity_link (
  id text PRIMARY KEY,
  type text NOT NULL,
  user_id text,
  group_id text,
  task_id text,
  process_instance_id text,
  created_at timestamptz NOT NULL
);
CREATE INDEX weir_hi_identity_link_task ON weir_hi_identity_link (task_id) WHERE task_id IS NOT NULL;
CREATE INDEX weir_hi_identity_link_instance ON weir_hi_identity_link (process_instance_id) WHERE process_instance_id IS NOT NULL;

-- The task log (Flowable's ACT_HI_TSK_LOG): one row per change a task command made.
CREATE TABLE weir_hi_task_log_entry (
  log_number bigserial PRIMARY KEY,
  type text NOT NULL,
  task_id text NOT NULL,
  time_stamp timestamptz NOT NULL,
  user_id text,
  data text,
  execution_id text,
  process_instance_id text,
  process_definition_id text,
  tenant_id text NOT NULL DEFAULT ''
);
CREATE INDEX weir_hi_task_log_entry_task ON weir_hi_task_log_entry (task_id);
CREATE INDEX weir_hi_task_log_entry_instance ON weir_hi_task_log_entry (process_instance_id) WHERE process_instance_id IS NOT NULL;
