/** Admin: users, groups and privileges; the cluster's nodes with heartbeat age and queue depth. */
import { useCallback, useEffect, useState } from 'preact/hooks';
import { html } from 'htm/preact';
import { api, when } from '../api.js';
import { ErrorNote, Table, useAction } from './common.js';

export const PeopleSection = () => {
  const [users, setUsers] = useState(/** @type {any[]} */ ([]));
  const [groups, setGroups] = useState(/** @type {any[]} */ ([]));
  const [privileges, setPrivileges] = useState(/** @type {any[]} */ ([]));
  const { error, run } = useAction();
  const load = useCallback(async () => {
    const [u, g, p] = await Promise.all([
      api('GET', 'idm-api/users?size=500'),
      api('GET', 'idm-api/groups?size=500'),
      api('GET', 'idm-api/privileges?size=500'),
    ]);
    setUsers(u.data);
    setGroups(g.data);
    setPrivileges(p.data ?? p);
  }, []);
  useEffect(() => {
    run(load);
  }, [load]);

  /** @param {SubmitEvent} event */
  const addUser = (event) => {
    event.preventDefault();
    const element = /** @type {HTMLFormElement} */ (event.currentTarget);
    const data = new FormData(element);
    run(async () => {
      await api('POST', 'idm-api/users', {
        id: String(data.get('id')),
        password: String(data.get('password')),
      });
      element.reset();
      await load();
    });
  };

  return html`<h2>Users and groups</h2>
    <${ErrorNote} error=${error} />
    <form onSubmit=${addUser} class="inline">
      <label for="new-user-id">New user id</label>
      <input id="new-user-id" name="id" required />
      <label for="new-user-password">Their password</label>
      <input id="new-user-password" name="password" type="password" required autocomplete="new-password" />
      <button type="submit">Add user</button>
    </form>
    <${Table}
      caption="Users"
      heads=${['Id', 'Name', 'Email']}
      rows=${users}
      row=${(/** @type {any} */ u) =>
        html`<tr key=${u.id}>
          <td>${u.id}</td>
          <td>${[u.firstName, u.lastName].filter(Boolean).join(' ')}</td>
          <td>${u.email ?? ''}</td>
        </tr>`}
    />
    <${Table}
      caption="Groups"
      heads=${['Id', 'Name', 'Type']}
      rows=${groups}
      row=${(/** @type {any} */ g) =>
        html`<tr key=${g.id}>
          <td>${g.id}</td>
          <td>${g.name ?? ''}</td>
          <td>${g.type ?? ''}</td>
        </tr>`}
    />
    <${Table}
      caption="Privileges"
      heads=${['Name', 'Id']}
      rows=${privileges}
      row=${(/** @type {any} */ p) =>
        html`<tr key=${p.id}>
          <td>${p.name}</td>
          <td>${p.id}</td>
        </tr>`}
    />`;
};

export const NodesSection = () => {
  const [nodes, setNodes] = useState(/** @type {any[]} */ ([]));
  const { error, run } = useAction();
  useEffect(() => {
    const load = () => run(async () => setNodes((await api('GET', 'actuator/cluster')).nodes));
    load();
    const timer = setInterval(load, 2000);
    return () => clearInterval(timer);
  }, []);
  return html`<h2>Cluster nodes</h2>
    <${ErrorNote} error=${error} />
    <${Table}
      caption="Nodes"
      heads=${['Node', 'Host', 'Version', 'Started', 'Heartbeat age', 'Queue depth', 'Jobs held']}
      rows=${nodes}
      row=${(/** @type {any} */ n) =>
        html`<tr key=${n.id}>
          <td>${n.id}${n.self ? ' (this node)' : ''}</td>
          <td>${n.host}:${n.port}</td>
          <td>${n.version}</td>
          <td>${when(n.startedAt)}</td>
          <td>${(n.heartbeatAgeMs / 1000).toFixed(1)} s</td>
          <td>${n.queueDepth ?? '—'}</td>
          <td>${n.jobsHeld}</td>
        </tr>`}
    />`;
};
