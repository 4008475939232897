/**
 * The sign-in form: `POST /auth/login`, which sets the session cookie; and a "Sign in with ..."
 * link for each OpenID Connect provider (`GET /auth/providers`), which leads through the
 * provider back to a session cookie of the same kind.
 */
import { useEffect, useState } from 'preact/hooks';
import { html } from 'htm/preact';
import { api } from '../api.js';

/** @param {{onSignedIn: (session: any) => void}} props */
export const LoginPage = ({ onSignedIn }) => {
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  /** @type {[{id: string, name: string, loginUrl: string}[], (providers: any) => void]} */
  const [providers, setProviders] = useState(/** @type {any[]} */ ([]));

  useEffect(() => {
    api('GET', 'auth/providers').then(setProviders, () => setProviders([]));
    // why a sign-in through a provider failed, left by the server for this page once
    const failure = document.cookie.split('; ').find((pair) => pair.startsWith('weir_sign_in_error='));
    if (failure) {
      setError(decodeURIComponent(failure.slice('weir_sign_in_error='.length)));
      document.cookie = 'weir_sign_in_error=; Max-Age=0; Path=/';
    }
  }, []);

  /** Back to the page the user was on (the hash) once the provider lets them in. */
  const returnTo = `/${location.hash}`;

  /** @param {SubmitEvent} event */
  const submit = async (event) => {
    event.preventDefault();
    const form = new FormData(/** @type {HTMLFormElement} */ (event.currentTarget));
    setBusy(true);
    setError('');
    try {
      onSignedIn(
        await api('POST', 'auth/login', {
          username: String(form.get('username') ?? ''),
          password: String(form.get('password') ?? ''),
        }),
      );
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  };

  return html`<main class="login">
    <h1>Sign in to Weir</h1>
    <form onSubmit=${submit}>
      <label for="username">Username</label>
      <input id="username" name="username" autocomplete="username" required />
      <label for="password">Password</label>
      <input id="password" name="password" type="password" autocomplete="current-password" required />
      ${error && html`<p role="alert" class="error">${error}</p>`}
      <button type="submit" disabled=${busy}>Sign in</button>
    </form>
    ${
      providers.length > 0 &&
      html`<nav class="providers" aria-label="Identity providers">
        ${providers.map(
          (provider) =>
            html`<a class="button" href=${`${provider.loginUrl}?returnTo=${encodeURIComponent(returnTo)}`}
              >Sign in with ${provider.name}</a
            >`,
        )}
      </nav>`
    }
  </main>`;
};
