/**
 * One process instance: its diagram (active activities highlighted, completed ones marked)
 * and its history, refreshed live by its events on `/events` (and every few seconds, for
 * events that reach nobody watching, such as a task created for someone else).
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import { html } from 'htm/preact';
import { api, query, when } from '../api.js';
import { onEvent, watchInstance } from '../events.js';
import { Diagram } from '../diagram.js';
import { ErrorNote, Table, useAction } from './common.js';

/** A quiet refresh: what `/events` does not tell this page still shows within this time. */
const REFRESH_MS = 5000;

/** @param {{instanceId: string}} props */
export const InstancePage = ({ instanceId }) => {
  const [instance, setInstance] = useState(/** @type {any} */ (null));
  const [xml, setXml] = useState(/** @type {string | null} */ (null));
  const [activities, setActivities] = useState(/** @type {any[]} */ ([]));
  const { error, run } = useAction();

  const load = useCallback(async () => {
    const [loaded, history] = await Promise.all([
      api('GET', `process-api/history/historic-process-instances/${encodeURIComponent(instanceId)}`),
      api(
        'GET',
        `process-api/history/historic-activity-instances${query({ processInstanceId: instanceId, size: 1000, sort: 'startTime', order: 'asc' })}`,
      ),
    ]);
    setInstance(loaded);
    setActivities(history.data);
    if (xml === null) {
      setXml(
        await api(
          'GET',
          `process-api/repository/process-definitions/${encodeURIComponent(loaded.processDefinitionId)}/resourcedata`,
        ),
      );
    }
  }, [instanceId, xml]);

  useEffect(() => {
    run(load);
    const unwatch = watchInstance(instanceId);
    const off = onEvent((event) => {
      if (event.data.processInstanceId === instanceId) run(load);
    });
    const timer = setInterval(() => run(load), REFRESH_MS);
    return () => {
      unwatch();
      off();
      clearInterval(timer);
    };
  }, [load]);

  const flowNodes = activities.filter((a) => a.activityType !== 'sequenceFlow');
  const active = flowNodes.filter((a) => !a.endTime).map((a) => a.activityId);
  const completed = flowNodes.filter((a) => a.endTime).map((a) => a.activityId);

  return html`<h1>
      ${instance?.processDefinitionName ?? 'Instance'} <span class="meta">${instanceId}</span>
    </h1>
    <${ErrorNote} error=${error} />
    ${
      instance &&
      html`<p role="status" class="state">
        ${instance.endTime ? `Ended ${when(instance.endTime)}` : `Running since ${when(instance.startTime)}`}
        ${instance.businessKey ? ` · business key ${instance.businessKey}` : ''}
      </p>`
    }
    <${Diagram} xml=${xml} active=${active} completed=${completed} />
    <${Table}
      caption="History"
      heads=${['Activity', 'Type', 'Assignee', 'Started', 'Ended']}
      rows=${flowNodes}
      row=${(/** @type {any} */ a) =>
        html`<tr key=${a.id}>
          <td>${a.activityName ?? a.activityId}</td>
          <td>${a.activityType}</td>
          <td>${a.assignee ?? ''}</td>
          <td>${when(a.startTime)}</td>
          <td>${a.endTime ? when(a.endTime) : 'active'}</td>
        </tr>`}
    />`;
};
