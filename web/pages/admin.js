/** The admin pages: deployments, definitions, jobs, people, cluster nodes (each needs its privilege). */
import { html } from 'htm/preact';
import { DeploymentsSection, DefinitionsSection } from './admin-repository.js';
import { JobsSection } from './admin-jobs.js';
import { PeopleSection, NodesSection } from './admin-people-nodes.js';

const sections = [
  ['deployments', 'Deployments'],
  ['definitions', 'Definitions'],
  ['jobs', 'Jobs'],
  ['people', 'Users and groups'],
  ['nodes', 'Cluster nodes'],
];

/** @param {{section: string, sub?: string}} props */
export const AdminPage = ({ section }) => {
  const body =
    section === 'definitions'
      ? html`<${DefinitionsSection} />`
      : section === 'jobs'
        ? html`<${JobsSection} />`
        : section === 'people'
          ? html`<${PeopleSection} />`
          : section === 'nodes'
            ? html`<${NodesSection} />`
            : html`<${DeploymentsSection} />`;
  return html`<h1>Admin</h1>
    <nav aria-label="Admin sections" class="tabs">
      <ul>
        ${sections.map(
          ([id, label]) =>
            html`<li>
              <a href=${`#/admin/${id}`} aria-current=${section === id ? 'page' : undefined}>${label}</a>
            </li>`,
        )}
      </ul>
    </nav>
    ${body}`;
};
