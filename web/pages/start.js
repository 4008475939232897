/**
 * Start a process: the latest active definitions I may start (`startableByUser`), each with a
 * Start button; a definition with a start form shows it first (Flowable's form model from
 * `.../process-definitions/{id}/start-form`). The deployed cases follow (`start-case.js`).
 */
import { useState } from 'preact/hooks';
import { html } from 'htm/preact';
import { ApiError, api, query } from '../api.js';
import { DefinitionList, ErrorNote, useAction, useList } from './common.js';
import { RenderedForm } from './form.js';
import { CaseStarter } from './start-case.js';

/** @param {{me: {userId: string}}} props */
export const StartPage = ({ me }) => {
  const [chosen, setChosen] = useState(/** @type {any} */ (null));
  const [form, setForm] = useState(/** @type {any} */ (null));
  const [fieldErrors, setFieldErrors] = useState(/** @type {Record<string, string>} */ ({}));
  const [started, setStarted] = useState(/** @type {any} */ (null));
  const { error, run } = useAction();
  const { rows: definitions, error: listError } = useList(
    `process-api/repository/process-definitions${query({ latest: true, suspended: false, startableByUser: me.userId, size: 500, sort: 'name' })}`,
  );

  /** @param {any} definition */
  const choose = (definition) =>
    run(async () => {
      setStarted(null);
      setFieldErrors({});
      setChosen(definition);
      setForm(null);
      if (!definition.startFormDefined) return;
      try {
        setForm(
          await api(
            'GET',
            `process-api/repository/process-definitions/${encodeURIComponent(definition.id)}/start-form`,
          ),
        );
      } catch (failure) {
        if (!(failure instanceof ApiError && failure.status === 404)) throw failure;
      }
    });

  /** @param {{name: string, value: unknown}[]} variables @param {string | undefined} outcome */
  const start = (variables, outcome) =>
    run(async () => {
      const businessKey = /** @type {HTMLInputElement | null} */ (document.getElementById('business-key'))
        ?.value;
      try {
        const instance = await api('POST', 'process-api/runtime/process-instances', {
          processDefinitionId: chosen.id,
          ...(businessKey ? { businessKey } : {}),
          ...(form ? { startFormVariables: variables, ...(outcome ? { outcome } : {}) } : {}),
        });
        setStarted(instance);
        setChosen(null);
      } catch (failure) {
        if (failure instanceof ApiError && failure.status === 400 && Array.isArray(failure.body.fields)) {
          setFieldErrors(Object.fromEntries(failure.body.fields.map((f) => [f.id, f.message])));
        }
        throw failure;
      }
    });

  return html`<h1>Start a process</h1>
    <${ErrorNote} error=${error || listError} />
    ${
      started &&
      html`<p role="status">
        Started <a href=${`#/instances/${started.id}`}>${started.processDefinitionName ?? started.id}</a>.
      </p>`
    }
    <${DefinitionList}
      definitions=${definitions}
      startName=${(/** @type {string} */ name) => `Start ${name}`}
      onStart=${choose}
      none="No process you may start."
    />
    ${
      chosen &&
      html`<section aria-label="Start form">
        <h2>Start ${chosen.name ?? chosen.key}</h2>
        <label for="business-key">Business key</label>
        <input id="business-key" name="businessKey" />
        <${RenderedForm}
          form=${form ?? {}}
          errors=${fieldErrors}
          busy=${false}
          submitLabel="Start"
          onSubmit=${(/** @type {any} */ values, /** @type {string | undefined} */ outcome) =>
            start(values, form ? outcome : undefined)}
        />
      </section>`
    }
    <${CaseStarter} />`;
};
