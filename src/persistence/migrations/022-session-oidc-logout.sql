-- A session started by OpenID Connect sign-in remembers its provider registration and the ID
-- token the provider issued, so that signing out can end the provider's session too
-- (RP-initiated logout: the token goes back to the provider as `id_token_hint`). Both are null
-- for a password sign-in; the token goes with the row when the session ends or expires.
ALTER TABLE weir_session
  ADD COLUMN oidc_registration_id text,
  ADD COLUMN oidc_id_token text;
