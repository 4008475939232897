/**
 * The Weir browser app: sign-in, then pages chosen by the URL's hash (`#/tasks`,
 * `#/tasks/42`, `#/processes`, `#/instances`, `#/instances/7`, `#/cases`, `#/cases/9`,
 * `#/conversations`, `#/conversations/3c9e`, `#/admin/...`). Every page talks to the public
 * REST API, `/events` and `/stomp` only.
 */
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { html } from 'htm/preact';
import { api, setCsrfToken, whenSignedOut } from './api.js';
import { startEvents, stopEvents } from './events.js';
import { LoginPage } from './pages/login.js';
import { TasksPage } from './pages/tasks.js';
import { TaskPage } from './pages/task.js';
import { StartPage } from './pages/start.js';
import { InstancesPage } from './pages/instances.js';
import { InstancePage } from './pages/instance.js';
import { CasesPage } from './pages/cases.js';
import { CasePage } from './pages/case.js';
import { AdminPage } from './pages/admin.js';
import { ConversationsPage } from './pages/conversations.js';
import { AppList } from './pages/apps.js';

/** @typedef {{userId: string, groups: string[], privileges: string[], csrfToken: string | null}} Me */

const route = () => location.hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);

/** @param {{me: Me, path: string[]}} props */
const Page = ({ me, path }) => {
  const [section, id, sub] = path;
  if (section === 'tasks' && id) return html`<${TaskPage} me=${me} taskId=${id} />`;
  if (section === 'processes') return html`<${StartPage} me=${me} />`;
  if (section === 'instances' && id) return html`<${InstancePage} instanceId=${id} />`;
  if (section === 'instances') return html`<${InstancesPage} />`;
  if (section === 'cases' && id) return html`<${CasePage} caseId=${id} />`;
  if (section === 'cases') return html`<${CasesPage} />`;
  if (section === 'conversations') return html`<${ConversationsPage} conversationId=${id} />`;
  if (section === 'admin') return html`<${AdminPage} section=${id ?? 'deployments'} sub=${sub} />`;
  // the landing page: the deployed apps above my tasks
  return html`<${AppList} /><${TasksPage} me=${me} />`;
};

/** @param {{path: string[]}} props */
const Navigation = ({ path }) => {
  const links = [
    ['tasks', 'Tasks'],
    ['processes', 'Processes'],
    ['instances', 'Instances'],
    ['cases', 'Cases'],
    ['conversations', 'Conversations'],
    ['admin', 'Admin'],
  ];
  const current = path[0] ?? 'tasks';
  return html`<nav aria-label="Main">
    <ul>
      ${links.map(
        ([target, label]) =>
          html`<li>
            <a href=${`#/${target}`} aria-current=${current === target ? 'page' : undefined}>${label}</a>
          </li>`,
      )}
    </ul>
  </nav>`;
};

const App = () => {
  /** @type {[Me | null | undefined, (me: Me | null) => void]} */
  const [me, setMe] = useState(/** @type {Me | null | undefined} */ (undefined));
  const [path, setPath] = useState(route());

  useEffect(() => {
    const onHash = () => setPath(route());
    addEventListener('hashchange', onHash);
    whenSignedOut(() => {
      stopEvents();
      setMe(null);
    });
    api('GET', 'auth/session')
      .then((/** @type {Me} */ session) => {
        setCsrfToken(session.csrfToken);
        setMe(session);
      })
      .catch(() => setMe(null));
    return () => removeEventListener('hashchange', onHash);
  }, []);

  useEffect(() => {
    if (me) startEvents();
  }, [me]);

  if (me === undefined) return html`<p>Loading…</p>`;
  if (me === null)
    return html`<${LoginPage}
      onSignedIn=${(/** @type {Me} */ session) => {
        setCsrfToken(session.csrfToken);
        setMe(session);
      }}
    />`;

  const signOut = async () => {
    /** @type {{ logoutUrl?: string } | undefined} */
    const answer = await api('POST', 'auth/logout').catch(() => undefined);
    stopEvents();
    setCsrfToken(null);
    // a session an identity provider started ends there too; the provider sends the browser back
    if (answer?.logoutUrl) {
      window.location.assign(answer.logoutUrl);
      return;
    }
    setMe(null);
  };

  return html`<header>
      <span class="brand">Weir</span>
      <${Navigation} path=${path} />
      <span class="who">Signed in as <strong>${me.userId}</strong></span>
      <button type="button" onClick=${signOut}>Sign out</button>
    </header>
    <main><${Page} me=${me} path=${path} /></main>`;
};

const root = document.getElementById('app');
if (root) {
  root.textContent = '';
  render(html`<${App} />`, root);
}
