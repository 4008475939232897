/**
 * Start a case, below the processes on the start page: the latest version of each deployed
 * case definition, each with a Start button (`POST cmmn-api/cmmn-runtime/case-instances`), and
 * a link to the case once it runs. Case start forms are not rendered here.
 */
import { useState } from 'preact/hooks';
import { html } from 'htm/preact';
import { api, query } from '../api.js';
import { DefinitionList, ErrorNote, useAction, useList } from './common.js';

export const CaseStarter = () => {
  const [started, setStarted] = useState(/** @type {any} */ (null));
  const { error, run } = useAction();
  const { rows: definitions, error: listError } = useList(
    `cmmn-api/cmmn-repository/case-definitions${query({ latest: true, size: 500, sort: 'name' })}`,
  );

  /** @param {any} definition */
  const start = (definition) =>
    run(async () => {
      setStarted(null);
      setStarted(
        await api('POST', 'cmmn-api/cmmn-runtime/case-instances', { caseDefinitionId: definition.id }),
      );
    });

  return html`<section aria-labelledby="start-case-heading">
    <h2 id="start-case-heading">Start a case</h2>
    <${ErrorNote} error=${error || listError} />
    ${
      started &&
      html`<p role="status">
        Started case <a href=${`#/cases/${encodeURIComponent(started.id)}`}>${started.caseDefinitionName}</a>.
      </p>`
    }
    <${DefinitionList}
      definitions=${definitions}
      startName=${(/** @type {string} */ name) => `Start case ${name}`}
      onStart=${start}
      none="No case definition is deployed."
    />
  </section>`;
};
