/**
 * My tasks and my groups' tasks, kept current by `/events`: a task created for me or my
 * groups on any node appears without a reload.
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import { html } from 'htm/preact';
import { api, query, when } from '../api.js';
import { onEvent } from '../events.js';
import { ErrorNote, useAction } from './common.js';

/** @typedef {{id: string, name: string | null, assignee: string | null, dueDate: string | null, createTime: string, processInstanceId: string | null, priority: number}} Task */

/**
 * @param {{title: string, tasks: Task[], actions: (task: Task) => any}} props
 */
const TaskList = ({ title, tasks, actions }) =>
  html`<section aria-label=${title}>
    <h2>${title} <span class="count">(${tasks.length})</span></h2>
    ${
      tasks.length === 0
        ? html`<p class="empty">None.</p>`
        : html`<ul class="tasks">
            ${tasks.map(
              (task) =>
                html`<li key=${task.id}>
                  <a href=${`#/tasks/${encodeURIComponent(task.id)}`}>${task.name ?? task.id}</a>
                  <span class="meta">
                    created
                    ${when(task.createTime)}${task.dueDate ? html`, <strong>due ${when(task.dueDate)}</strong>` : ''}
                  </span>
                  ${actions(task)}
                </li>`,
            )}
          </ul>`
    }
  </section>`;

/** @param {{me: {userId: string}}} props */
export const TasksPage = ({ me }) => {
  const [mine, setMine] = useState(/** @type {Task[]} */ ([]));
  const [groups, setGroups] = useState(/** @type {Task[]} */ ([]));
  const { error, run } = useAction();

  const load = useCallback(async () => {
    const size = 200;
    const [assigned, candidate] = await Promise.all([
      api(
        'GET',
        `process-api/runtime/tasks${query({ assignee: me.userId, size, sort: 'createTime', order: 'desc' })}`,
      ),
      api(
        'GET',
        `process-api/runtime/tasks${query({ candidateUser: me.userId, unassigned: true, size, sort: 'createTime', order: 'desc' })}`,
      ),
    ]);
    setMine(assigned.data);
    setGroups(candidate.data);
  }, [me.userId]);

  useEffect(() => {
    run(load);
    return onEvent((event) => {
      if (event.type.startsWith('task:')) run(load);
    });
  }, [load]);

  /** @param {Task} task @param {'claim' | 'unclaim'} action */
  const act = (task, action) =>
    run(async () => {
      await api('POST', `process-api/runtime/tasks/${encodeURIComponent(task.id)}`, {
        action,
        ...(action === 'claim' ? { assignee: me.userId } : {}),
      });
      await load();
    });

  return html`<h1>Tasks</h1>
    <${ErrorNote} error=${error} />
    <${TaskList}
      title="My tasks"
      tasks=${mine}
      actions=${(/** @type {Task} */ task) =>
        html`<button
          type="button"
          onClick=${() => act(task, 'unclaim')}
          aria-label=${`Unclaim ${task.name ?? task.id}`}
        >
          Unclaim
        </button>`}
    />
    <${TaskList}
      title="My groups' tasks"
      tasks=${groups}
      actions=${(/** @type {Task} */ task) =>
        html`<button
          type="button"
          onClick=${() => act(task, 'claim')}
          aria-label=${`Claim ${task.name ?? task.id}`}
        >
          Claim
        </button>`}
    />`;
};
