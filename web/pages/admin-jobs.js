/** Admin: async jobs, timers and dead letters: stack trace, retry (move back), execute, delete. */
import { useCallback, useEffect, useState } from 'preact/hooks';
import { html } from 'htm/preact';
import { api, when } from '../api.js';
import { ErrorNote, Table, useAction } from './common.js';

const M = 'process-api/management';

/** @param {{kind: 'jobs' | 'timer-jobs' | 'deadletter-jobs', title: string}} props */
const JobTable = ({ kind, title }) => {
  const [jobs, setJobs] = useState(/** @type {any[]} */ ([]));
  const [trace, setTrace] = useState(/** @type {{id: string, text: string} | null} */ (null));
  const { error, run } = useAction();
  const load = useCallback(async () => {
    setJobs((await api('GET', `${M}/${kind}?size=200`)).data);
  }, [kind]);
  useEffect(() => {
    run(load);
  }, [load]);

  /** @param {any} job @param {'POST' | 'DELETE'} method @param {string} [action] */
  const act = (job, method, action) =>
    run(async () => {
      await api(method, `${M}/${kind}/${encodeURIComponent(job.id)}`, action ? { action } : undefined);
      await load();
    });
  /** @param {any} job */
  const showTrace = (job) =>
    run(async () => {
      setTrace({
        id: job.id,
        text: await api('GET', `${M}/${kind}/${encodeURIComponent(job.id)}/exception-stacktrace`),
      });
    });

  return html`<section aria-label=${title}>
    <${ErrorNote} error=${error} />
    <${Table}
      caption=${title}
      heads=${['Job', 'Instance', 'Due', 'Retries', 'Error', '']}
      rows=${jobs}
      row=${(/** @type {any} */ job) =>
        html`<tr key=${job.id}>
          <td>${job.id}</td>
          <td>
            ${job.processInstanceId ? html`<a href=${`#/instances/${job.processInstanceId}`}>${job.processInstanceId.slice(0, 8)}</a>` : ''}
          </td>
          <td>${when(job.dueDate)}</td>
          <td>${job.retries}</td>
          <td>${job.exceptionMessage ?? ''}</td>
          <td class="buttons">
            ${job.exceptionMessage && html`<button type="button" onClick=${() => showTrace(job)}>Stack trace</button>`}
            ${kind === 'deadletter-jobs' && html`<button type="button" onClick=${() => act(job, 'POST', 'move')}>Retry</button>`}
            ${kind === 'timer-jobs' && html`<button type="button" onClick=${() => act(job, 'POST', 'move')}>Move</button>`}
            ${kind === 'jobs' && html`<button type="button" onClick=${() => act(job, 'POST', 'execute')}>Execute</button>`}
            <button type="button" onClick=${() => act(job, 'DELETE')}>Delete</button>
          </td>
        </tr>`}
    />
    ${
      trace &&
      html`<figure>
        <figcaption>Stack trace of ${trace.id}</figcaption>
        <pre>${trace.text}</pre>
      </figure>`
    }
  </section>`;
};

export const JobsSection = () =>
  html`<h2>Jobs</h2>
    <${JobTable} kind="jobs" title="Jobs" />
    <${JobTable} kind="timer-jobs" title="Timers" />
    <${JobTable} kind="deadletter-jobs" title="Dead letters" />`;
