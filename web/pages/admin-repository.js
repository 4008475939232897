/** Admin: deployments (upload a .bpmn20.xml, .form or archive; delete) and definitions (suspend, activate). */
import { useCallback, useEffect, useState } from 'preact/hooks';
import { html } from 'htm/preact';
import { api, when } from '../api.js';
import { ErrorNote, Table, useAction } from './common.js';

export const DeploymentsSection = () => {
  const [deployments, setDeployments] = useState(/** @type {any[]} */ ([]));
  const [note, setNote] = useState('');
  const { error, run } = useAction();
  const load = useCallback(async () => {
    setDeployments(
      (await api('GET', 'process-api/repository/deployments?size=200&sort=deployTime&order=desc')).data,
    );
  }, []);
  useEffect(() => {
    run(load);
  }, [load]);

  /** @param {SubmitEvent} event */
  const upload = (event) => {
    event.preventDefault();
    const element = /** @type {HTMLFormElement} */ (event.currentTarget);
    run(async () => {
      const deployment = await api('POST', 'process-api/repository/deployments', new FormData(element));
      setNote(`Deployed ${deployment.name ?? deployment.id}.`);
      element.reset();
      await load();
    });
  };

  /** @param {any} d */
  const remove = (d) =>
    run(async () => {
      if (!confirm(`Delete deployment ${d.name ?? d.id} and its instances?`)) return;
      await api('DELETE', `process-api/repository/deployments/${encodeURIComponent(d.id)}?cascade=true`);
      await load();
    });

  return html`<h2>Deployments</h2>
    <form onSubmit=${upload} class="upload">
      <label for="deployment-file">Deployment file (.bpmn20.xml, .form, .bar or .zip)</label>
      <input id="deployment-file" name="file" type="file" required accept=".xml,.bpmn,.form,.bar,.zip" />
      <button type="submit">Deploy</button>
    </form>
    ${note && html`<p role="status">${note}</p>`}
    <${ErrorNote} error=${error} />
    <${Table}
      caption="Deployments"
      heads=${['Name', 'Id', 'Deployed', '']}
      rows=${deployments}
      row=${(/** @type {any} */ d) =>
        html`<tr key=${d.id}>
          <td>${d.name ?? ''}</td>
          <td>${d.id}</td>
          <td>${when(d.deploymentTime)}</td>
          <td>
            <button
              type="button"
              onClick=${() => remove(d)}
              aria-label=${`Delete deployment ${d.name ?? d.id}`}
            >
              Delete
            </button>
          </td>
        </tr>`}
    />`;
};

export const DefinitionsSection = () => {
  const [definitions, setDefinitions] = useState(/** @type {any[]} */ ([]));
  const { error, run } = useAction();
  const load = useCallback(async () => {
    setDefinitions((await api('GET', 'process-api/repository/process-definitions?size=500&sort=key')).data);
  }, []);
  useEffect(() => {
    run(load);
  }, [load]);

  /** @param {any} d @param {'suspend' | 'activate'} action */
  const change = (d, action) =>
    run(async () => {
      await api('PUT', `process-api/repository/process-definitions/${encodeURIComponent(d.id)}`, { action });
      await load();
    });

  return html`<h2>Definitions</h2>
    <${ErrorNote} error=${error} />
    <${Table}
      caption="Process definitions"
      heads=${['Name', 'Key', 'Version', 'State', '']}
      rows=${definitions}
      row=${(/** @type {any} */ d) =>
        html`<tr key=${d.id}>
          <td>${d.name ?? ''}</td>
          <td>${d.key}</td>
          <td>${d.version}</td>
          <td>${d.suspended ? 'suspended' : 'active'}</td>
          <td>
            ${
              d.suspended
                ? html`<button
                    type="button"
                    onClick=${() => change(d, 'activate')}
                    aria-label=${`Activate ${d.key} v${d.version}`}
                  >
                    Activate
                  </button>`
                : html`<button
                    type="button"
                    onClick=${() => change(d, 'suspend')}
                    aria-label=${`Suspend ${d.key} v${d.version}`}
                  >
                    Suspend
                  </button>`
            }
          </td>
        </tr>`}
    />`;
};
