/** Process instances, filtered by definition key, business key and state (from history, so ended ones show too). */
import { html } from 'htm/preact';
import { when } from '../api.js';
import { ErrorNote, Table } from './common.js';
import { HistoryFilters, useHistoryList } from './history-filters.js';

export const InstancesPage = () => {
  const { filter, setFilter, rows, error } = useHistoryList(
    'process-api/history/historic-process-instances',
    'processDefinitionKey',
  );
  return html`<h1>Instances</h1>
    <${HistoryFilters}
      idPrefix="filter"
      label="Filter process instances"
      definitionLabel="Definition key"
      endedLabel="Completed"
      value=${filter}
      onFilter=${setFilter}
    />
    <${ErrorNote} error=${error} />
    <${Table}
      caption="Process instances"
      heads=${['Instance', 'Definition', 'Business key', 'Started', 'Ended']}
      rows=${rows}
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
