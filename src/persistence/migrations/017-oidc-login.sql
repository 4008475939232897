-- OpenID Connect sign-ins under way (docs/security.md): one row from the redirect to the
-- provider until its callback, which may reach any node. The row is keyed by a SHA-256 of the
-- `state` parameter, which the browser carries through the provider and back, so a reader of
-- the table cannot complete a sign-in with what it finds there; the callback deletes the row
-- as it reads it, so a state is used once. The code verifier (PKCE) is useless without the
-- authorization code, which only the browser and the provider ever see.
CREATE TABLE weir_oidc_login (
  state_hash text PRIMARY KEY,
  registration_id text NOT NULL,
  nonce text NOT NULL,
  code_verifier text NOT NULL,
  return_to text NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX weir_oidc_login_expires ON weir_oidc_login (expires_at);
