-- Browser sessions (docs/ui.md): one row per signed-in browser, shared by every node so that
-- any node serves any request and signing out on one node ends the session on all of them.
-- The row holds a SHA-256 of the cookie's token, never the token: a reader of the table (a
-- backup, a replica) cannot sign in with what it finds there.
CREATE TABLE weir_session (
  token_hash text PRIMARY KEY,
  user_id text NOT NULL,
  created_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX weir_session_user ON weir_session (user_id);
CREATE INDEX weir_session_expires ON weir_session (expires_at);
