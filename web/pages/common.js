/** Small pieces the pages share: running an action with its error shown, lists, and tables. */
import { useCallback, useEffect, useState } from 'preact/hooks';
import { html } from 'htm/preact';
import { api } from '../api.js';

/** What went wrong, announced to screen readers. @param {{error: string}} props */
export const ErrorNote = ({ error }) => (error ? html`<p role="alert" class="error">${error}</p>` : null);

/** Run an async action; its failure becomes `error`. */
export const useAction = () => {
  const [error, setError] = useState('');
  const run = useCallback(async (/** @type {() => Promise<unknown>} */ action) => {
    try {
      await action();
      setError('');
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    }
  }, []);
  return { error, run };
};

/**
 * A plain table: a caption, column heads, and one row per item.
 * @template T
 * @param {{caption: string, heads: string[], rows: T[], row: (item: T) => any}} props
 */
export const Table = ({ caption, heads, rows, row }) =>
  html`<table>
    <caption>
      ${caption}
    </caption>
    <thead>
      <tr>
        ${heads.map((head) => html`<th scope="col">${head}</th>`)}
      </tr>
    </thead>
    <tbody>
      ${
        rows.length === 0
          ? html`<tr>
              <td colspan=${heads.length} class="empty">None.</td>
            </tr>`
          : rows.map(row)
      }
    </tbody>
  </table>`;

/**
 * The `data` of a REST list (`{data, total, ...}`), loaded again whenever `path` changes (a
 * filter is part of the path); a failure to load is in `error`.
 * @param {string} path
 */
export const useList = (path) => {
  const [rows, setRows] = useState(/** @type {any[]} */ ([]));
  const { error, run } = useAction();
  useEffect(() => {
    run(async () => setRows((await api('GET', path)).data));
  }, [path]);
  return { rows, error };
};

/**
 * Definitions to start: name, key and version of each, and a Start button named, for a screen
 * reader, by `startName` of the definition's name.
 * @param {{definitions: any[], startName: (name: string) => string, onStart: (definition: any) => void, none: string}} props
 */
export const DefinitionList = ({ definitions, startName, onStart, none }) =>
  definitions.length === 0
    ? html`<p class="empty">${none}</p>`
    : html`<ul class="definitions">
        ${definitions.map(
          (d) =>
            html`<li key=${d.id}>
              <span class="name">${d.name ?? d.key}</span> <span class="meta">${d.key} v${d.version}</span>
              <button type="button" onClick=${() => onStart(d)} aria-label=${startName(d.name ?? d.key)}>
                Start
              </button>
            </li>`,
        )}
      </ul>`;
