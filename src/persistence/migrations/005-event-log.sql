-- The cluster's event log: every node appends the engine events it committed, and every node
-- reads what all of them appended, to push it to its WebSocket clients. Rows live for the
-- replay window (`weir.events.replay-window`) and are then pruned by the nodes.
--
-- Ids are handed out in commit order (writers serialise on an advisory lock, see
-- `persistence/event-log-sql.ts`), so a reader that remembers the last id it read never
-- skips a row that committed late: "id > last seen" is the whole resume protocol.
CREATE TABLE weir_event_log (
  id bigserial PRIMARY KEY,
  type text NOT NULL,
  data jsonb NOT NULL,
  -- When the engine raised the event (its clock, which tests may move).
  occurred_at timestamptz NOT NULL,
  -- When the row was written, by the database clock every node prunes and replays by.
  created_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX weir_event_log_created ON weir_event_log (created_at);
