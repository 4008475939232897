/**
 * Case instances, beside process instances: filtered by case definition key, business key and
 * state. Read from the case history (`cmmn-history/historic-case-instances`), so ended cases
 * show too; which cases a user may list is the REST API's decision, not this page's.
 */
import { html } from 'htm/preact';
import { when } from '../api.js';
import { ErrorNote, Table } from './common.js';
import { HistoryFilters, useHistoryList } from './history-filters.js';

export const CasesPage = () => {
  const { filter, setFilter, rows, error } = useHistoryList(
    'cmmn-api/cmmn-history/historic-case-instances',
    'caseDefinitionKey',
  );
  return html`<h1>Cases</h1>
    <${HistoryFilters}
      idPrefix="case-filter"
      label="Filter cases"
      definitionLabel="Case definition key"
      endedLabel="Ended"
      value=${filter}
      onFilter=${setFilter}
    />
    <${ErrorNote} error=${error} />
    <${Table}
      caption="Case instances"
      heads=${['Case', 'Definition', 'Business key', 'State', 'Started', 'Ended']}
      rows=${rows}
      row=${(/** @type {any} */ c) =>
        html`<tr key=${c.id}>
          <td>
            <a href=${`#/cases/${encodeURIComponent(c.id)}`}
              >${c.name ?? c.caseDefinitionName ?? c.caseDefinitionId} ${c.id.slice(0, 8)}</a
            >
          </td>
          <td>${c.caseDefinitionName ?? c.caseDefinitionId}</td>
          <td>${c.businessKey ?? ''}</td>
          <td>${c.state}</td>
          <td>${when(c.startTime)}</td>
          <td>${c.endTime ? when(c.endTime) : ''}</td>
        </tr>`}
    />`;
};
