/** Process instances, filtered by definition key, business key and state (from history, so ended ones show too). */
import { useEffect, useState } from 'preact/hooks';
import { html } from 'htm/preact';
import { api, query, when } from '../api.js';
import { ErrorNote, Table, useAction } from './common.js';

export const InstancesPage = () => {
  const [filter, setFilter] = useState({ processDefinitionKey: '', businessKey: '', state: 'running' });
  const [instances, setInstances] = useState(/** @type {any[]} */ ([]));
  const { error, run } = useAction();

  useEffect(() => {
    run(async () => {
      const finished = filter.state === 'running' ? false : filter.state === 'completed' ? true : undefined;
      const list = await api(
        'GET',
        `process-api/history/historic-process-instances${query({
          processDefinitionKey: filter.processDefinitionKey,
          businessKey: filter.businessKey,
          finished,
          size: 200,
          sort: 'startTime',
          order: 'desc',
        })}`,
      );
      setInstances(list.data);
    });
  }, [filter]);

  /** @param {SubmitEvent} event */
  const submit = (event) => {
    event.preventDefault();
    const data = new FormData(/** @type {HTMLFormElement} */ (event.currentTarget));
    setFilter({
      processDefinitionKey: String(data.get('definition') ?? ''),
      businessKey: String(data.get('businessKey') ?? ''),
      state: String(data.get('state') ?? 'running'),
    });
  };

  return html`<h1>Instances</h1>
    <form class="filters" onSubmit=${submit}>
      <label for="filter-definition">Definition key</label>
      <input id="filter-definition" name="definition" value=${filter.processDefinitionKey} />
      <label for="filter-business-key">Business key</label>
      <input id="filter-business-key" name="businessKey" value=${filter.businessKey} />
      <label for="filter-state">State</label>
      <select id="filter-state" name="state" value=${filter.state}>
        <option value="running">Running</option>
        <option value="completed">Completed</option>
        <option value="all">All</option>
      </select>
      <button type="submit">Filter</button>
    </form>
    <${ErrorNote} error=${error} />
    <${Table}
      caption="Process instances"
      heads=${['Instance', 'Definition', 'Business key', 'Started', 'Ended']}
      rows=${instances}
      row=${(/** @type {any} */ i) =>
        html`<tr key=${i.id}>
          <td>
            <a href=${`#/instances/${i.id}`}
              >${i.processDefinitionName ?? i.processDefinitionKey ?? i.id} ${i.id.slice(0, 8)}</a
            >
          </td>
          <td>${i.processDefinitionKey ?? i.processDefinitionId}</td>
          <td>${i.businessKey ?? ''}</td>
          <td>${when(i.startTime)}</td>
          <td>${i.endTime ? when(i.endTime) : 'running'}</td>
        </tr>`}
    />`;
};
