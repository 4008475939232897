/**
 * One case instance: its state and its plan item instances (name, type, state), each stage's
 * items listed under it and indented, an active human task linking to its task page; a plan
 * item waiting for a person (enabled, disabled, or a user event listener) offers its actions.
 * Read from the case history, so an ended case still shows how it went. `/events` carries no
 * case events, so the page refreshes on any task event and every few seconds.
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import { html } from 'htm/preact';
import { api, query, when } from '../api.js';
import { onEvent } from '../events.js';
import { ErrorNote, useAction } from './common.js';

/** A quiet refresh: a change no event tells this page about still shows within this time. */
const REFRESH_MS = 5000;

/** Readable names of Flowable's plan item definition types (`planItemDefinitionType`). */
const typeNames = /** @type {Record<string, string>} */ ({
  humantask: 'Human task',
  stage: 'Stage',
  milestone: 'Milestone',
  processtask: 'Process task',
  casetask: 'Case task',
  decisiontask: 'Decision task',
  servicetask: 'Service task',
  task: 'Task',
  usereventlistener: 'User event listener',
  timereventlistener: 'Timer event listener',
});

/**
 * The plan items in tree order: each stage followed by its own items, one level deeper.
 * @param {any[]} items
 * @returns {{item: any, depth: number}[]}
 */
const treeOrder = (items) => {
  const ids = new Set(items.map((i) => i.id));
  /** @type {Map<string | null, any[]>} */
  const children = new Map();
  for (const item of items) {
    const parent = item.stageInstanceId && ids.has(item.stageInstanceId) ? item.stageInstanceId : null;
    children.set(parent, [...(children.get(parent) ?? []), item]);
  }
  /** @type {{item: any, depth: number}[]} */
  const ordered = [];
  /** @param {string | null} parent @param {number} depth */
  const walk = (parent, depth) => {
    for (const item of children.get(parent) ?? []) {
      ordered.push({ item, depth });
      walk(item.id, depth + 1);
    }
  };
  walk(null, 0);
  return ordered;
};

/** `completed` -> `Completed`, for a sentence. @param {string} state */
const stateName = (state) => state.charAt(0).toUpperCase() + state.slice(1);

/**
 * What a person may do to a plan item from here, as `PUT plan-item-instances/{id}` actions: start
 * or disable an enabled one, enable a disabled one, trigger a waiting user event listener.
 * @param {any} item
 * @returns {{action: string, label: string}[]}
 */
const actionsOf = (item) => {
  if (item.state === 'enabled')
    return [
      { action: 'start', label: 'Start' },
      { action: 'disable', label: 'Disable' },
    ];
  if (item.state === 'disabled') return [{ action: 'enable', label: 'Enable' }];
  if (item.state === 'available' && item.planItemDefinitionType === 'usereventlistener')
    return [{ action: 'trigger', label: 'Trigger' }];
  return [];
};

/** @param {{caseId: string}} props */
export const CasePage = ({ caseId }) => {
  const [instance, setInstance] = useState(/** @type {any} */ (null));
  const [items, setItems] = useState(/** @type {any[]} */ ([]));
  const { error, run } = useAction();

  const load = useCallback(async () => {
    const [loaded, listed] = await Promise.all([
      api('GET', `cmmn-api/cmmn-history/historic-case-instances/${encodeURIComponent(caseId)}`),
      api(
        'GET',
        `cmmn-api/cmmn-history/historic-planitem-instances${query({ caseInstanceId: caseId, size: 1000, sort: 'createTime', order: 'asc' })}`,
      ),
    ]);
    setInstance(loaded);
    setItems(listed.data);
  }, [caseId]);

  useEffect(() => {
    run(load);
    const off = onEvent((event) => {
      if (event.type.startsWith('task:')) run(load);
    });
    const timer = setInterval(() => run(load), REFRESH_MS);
    return () => {
      off();
      clearInterval(timer);
    };
  }, [load]);

  /** @param {any} item @param {string} action */
  const act = (item, action) =>
    run(async () => {
      await api('PUT', `cmmn-api/cmmn-runtime/plan-item-instances/${encodeURIComponent(item.id)}`, {
        action,
      });
      await load();
    });

  const rows = treeOrder(items);
  const stageName = (/** @type {string | null} */ id) => {
    const stage = id ? items.find((i) => i.id === id) : undefined;
    return stage ? (stage.name ?? stage.elementId) : '';
  };

  return html`<h1>
      ${instance?.name ?? instance?.caseDefinitionName ?? 'Case'} <span class="meta">${caseId}</span>
    </h1>
    <${ErrorNote} error=${error} />
    ${
      instance &&
      html`<p role="status" class="state">
        ${instance.endTime ? `${stateName(instance.state)} ${when(instance.endTime)}` : `Active since ${when(instance.startTime)}`}
        ${instance.businessKey ? ` · business key ${instance.businessKey}` : ''}
      </p>`
    }
    <table class="plan-items">
      <caption>
        Plan items
      </caption>
      <thead>
        <tr>
          <th scope="col">Plan item</th>
          <th scope="col">Type</th>
          <th scope="col">State</th>
          <th scope="col">Stage</th>
          <th scope="col">Ended</th>
          <th scope="col"><span class="visually-hidden">Actions</span></th>
        </tr>
      </thead>
      <tbody>
        ${
          rows.length === 0 &&
          html`<tr>
            <td colspan="6" class="empty">None.</td>
          </tr>`
        }
        ${rows.map(({ item, depth }) => {
          const name = item.name ?? item.elementId;
          const task =
            item.planItemDefinitionType === 'humantask' && item.state === 'active' && item.referenceId;
          const possible = instance && !instance.endTime ? actionsOf(item) : [];
          return html`<tr key=${item.id}>
            <th scope="row" style=${`padding-left: ${0.5 + depth * 1.5}rem`}>
              ${task ? html`<a href=${`#/tasks/${encodeURIComponent(item.referenceId)}`}>${name}</a>` : name}
            </th>
            <td>${typeNames[item.planItemDefinitionType] ?? item.planItemDefinitionType}</td>
            <td class=${`plan-state ${item.state}`}>${item.state}</td>
            <td>${stageName(item.stageInstanceId)}</td>
            <td>${item.endedTime ? when(item.endedTime) : ''}</td>
            <td class="plan-actions">
              ${possible.map(
                ({ action, label }) =>
                  html`<button
                    type="button"
                    aria-label=${`${label} ${name}`}
                    onClick=${() => act(item, action)}
                  >
                    ${label}
                  </button>`,
              )}
            </td>
          </tr>`;
        })}
      </tbody>
    </table>`;
};
