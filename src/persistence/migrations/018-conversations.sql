-- Conversations (docs/conversations.md): people talking about a task, a process instance or
-- nothing in particular. Every message is stored here before any node delivers it, so a
-- client that lost its connection (or a node whose broker went away) catches up by id.
CREATE TABLE weir_conversation (
  id text PRIMARY KEY,
  name text,
  -- at most one conversation per task and one per process instance (indexes below); a task's
  -- conversation also names the task's instance, for lists by instance
  task_id text,
  process_instance_id text,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  -- The id of the newest message (0 before the first). Written under this row's lock by every
  -- post, which is what makes message ids of one conversation visible in commit order.
  last_message_id bigint NOT NULL DEFAULT 0,
  last_message_at timestamptz
);
CREATE UNIQUE INDEX weir_conversation_task ON weir_conversation (task_id) WHERE task_id IS NOT NULL;
CREATE UNIQUE INDEX weir_conversation_instance ON weir_conversation (process_instance_id)
  WHERE task_id IS NULL AND process_instance_id IS NOT NULL;

-- A participant is a user or a group (every member of the group takes part).
CREATE TABLE weir_conversation_participant (
  conversation_id text NOT NULL REFERENCES weir_conversation (id) ON DELETE CASCADE,
  user_id text,
  group_id text,
  added_by text,
  added_at timestamptz NOT NULL,
  CHECK ((user_id IS NULL) <> (group_id IS NULL))
);
CREATE UNIQUE INDEX weir_conversation_participant_user ON weir_conversation_participant (conversation_id, user_id)
  WHERE user_id IS NOT NULL;
CREATE UNIQUE INDEX weir_conversation_participant_group ON weir_conversation_participant (conversation_id, group_id)
  WHERE group_id IS NOT NULL;
CREATE INDEX weir_conversation_participant_by_user ON weir_conversation_participant (user_id) WHERE user_id IS NOT NULL;
CREATE INDEX weir_conversation_participant_by_group ON weir_conversation_participant (group_id) WHERE group_id IS NOT NULL;

CREATE TABLE weir_conversation_message (
  id bigserial PRIMARY KEY,
  conversation_id text NOT NULL REFERENCES weir_conversation (id) ON DELETE CASCADE,
  author text NOT NULL,
  text text NOT NULL,
  -- user ids the author mentioned (each a participant when the message was posted)
  mentions text[] NOT NULL DEFAULT '{}',
  content_item_id text,
  created_at timestamptz NOT NULL
);
CREATE INDEX weir_conversation_message_conversation ON weir_conversation_message (conversation_id, id);

-- How far each user has read: unread = the others' messages after this id. Per user, also for
-- those who take part through a group.
CREATE TABLE weir_conversation_read (
  conversation_id text NOT NULL REFERENCES weir_conversation (id) ON DELETE CASCADE,
  user_id text NOT NULL,
  last_read_message_id bigint NOT NULL,
  PRIMARY KEY (conversation_id, user_id)
);
