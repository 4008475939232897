/**
 * The deployed apps on the landing page: the latest version of each app definition (name,
 * description), as `/app-api` lists them. Nothing is shown when no app is deployed, or when the
 * user may not read the app repository.
 */
import { useEffect, useState } from 'preact/hooks';
import { html } from 'htm/preact';
import { api, query } from '../api.js';

/** @typedef {{id: string, key: string, name: string | null, description: string | null, version: number}} AppDefinition */

export const AppList = () => {
  const [apps, setApps] = useState(/** @type {AppDefinition[]} */ ([]));

  useEffect(() => {
    api('GET', `app-api/app-repository/app-definitions${query({ latest: true, size: 100, sort: 'name' })}`)
      .then((/** @type {{data: AppDefinition[]}} */ list) => setApps(list.data))
      .catch(() => setApps([]));
  }, []);

  if (apps.length === 0) return null;
  return html`<section aria-label="Apps">
    <h2>Apps <span class="count">(${apps.length})</span></h2>
    <ul class="tasks apps">
      ${apps.map(
        (app) =>
          html`<li key=${app.id}>
            <strong>${app.name ?? app.key}</strong>
            <span class="meta">${app.description ?? ''} (version ${app.version})</span>
          </li>`,
      )}
    </ul>
  </section>`;
};
