/**
 * What the Instances and Cases lists share: a list read from history (so ended ones show too),
 * newest first, filtered by definition key, business key and state, and the form that sets the
 * filter.
 */
import { useState } from 'preact/hooks';
import { html } from 'htm/preact';
import { query } from '../api.js';
import { useList } from './common.js';

/** @typedef {{definitionKey: string, businessKey: string, state: string}} HistoryFilter */

/** How many rows a list shows: the newest; a filter finds older ones. */
const SIZE = 200;

/**
 * @param {string} path a history list, e.g. `process-api/history/historic-process-instances`
 * @param {string} keyParameter its definition key parameter, e.g. `processDefinitionKey`
 */
export const useHistoryList = (path, keyParameter) => {
  const [filter, setFilter] = useState(
    /** @type {HistoryFilter} */ ({ definitionKey: '', businessKey: '', state: 'running' }),
  );
  const finished = filter.state === 'running' ? false : filter.state === 'ended' ? true : undefined;
  const { rows, error } = useList(
    `${path}${query({
      [keyParameter]: filter.definitionKey,
      businessKey: filter.businessKey,
      finished,
      size: SIZE,
      sort: 'startTime',
      order: 'desc',
    })}`,
  );
  return { filter, setFilter, rows, error };
};

/**
 * @param {{idPrefix: string, label: string, definitionLabel: string, endedLabel: string,
 *   value: HistoryFilter, onFilter: (filter: HistoryFilter) => void}} props
 */
export const HistoryFilters = ({ idPrefix, label, definitionLabel, endedLabel, value, onFilter }) => {
  /** @param {SubmitEvent} event */
  const submit = (event) => {
    event.preventDefault();
    const data = new FormData(/** @type {HTMLFormElement} */ (event.currentTarget));
    onFilter({
      definitionKey: String(data.get('definition') ?? ''),
      businessKey: String(data.get('businessKey') ?? ''),
      state: String(data.get('state') ?? 'running'),
    });
  };
  // uncontrolled: a re-render (the list arriving) must not undo what the user is typing or chose
  const states = [
    ['running', 'Running'],
    ['ended', endedLabel],
    ['all', 'All'],
  ];
  return html`<form class="filters" onSubmit=${submit} aria-label=${label}>
    <label for=${`${idPrefix}-definition`}>${definitionLabel}</label>
    <input id=${`${idPrefix}-definition`} name="definition" defaultValue=${value.definitionKey} />
    <label for=${`${idPrefix}-business-key`}>Business key</label>
    <input id=${`${idPrefix}-business-key`} name="businessKey" defaultValue=${value.businessKey} />
    <label for=${`${idPrefix}-state`}>State</label>
    <select id=${`${idPrefix}-state`} name="state">
      ${states.map(([state, name]) => html`<option value=${state} selected=${value.state === state}>${name}</option>`)}
    </select>
    <button type="submit">Filter</button>
  </form>`;
};
