/** Small pieces the pages share: running an action with its error shown, and tables. */
import { useCallback, useState } from 'preact/hooks';
import { html } from 'htm/preact';

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
