/**
 * An upload field, as Flowable's task app does it: each chosen file is stored at once as a
 * content item of its own (`POST content-api/content-service/content-items`, visible to its
 * creator only), and the form submits the items' ids, comma-separated, in a hidden input named
 * by the field. Submitting the form links the items to the task or the new instance.
 */
import { useState } from 'preact/hooks';
import { html } from 'htm/preact';
import { api } from '../api.js';

/** @typedef {{id: string, name?: string}} Item */

/** A link that downloads an item's bytes. @param {{item: Item}} props */
export const ItemLink = ({ item }) =>
  html`<a href=${`content-api/content-service/content-items/${encodeURIComponent(item.id)}/data`} download
    >${item.name ?? item.id}</a
  >`;

/** The items an upload field's value names: content items (a form model) or their ids. */
const itemsOf = (/** @type {unknown} */ value) => {
  const list = Array.isArray(value) ? value : typeof value === 'string' && value ? value.split(',') : [];
  return list.map((entry) =>
    typeof entry === 'object' && entry !== null ? /** @type {Item} */ (entry) : { id: String(entry) },
  );
};

/**
 * @param {{id: string, fieldId: string, label: string, value: unknown, multiple: boolean,
 *   readOnly: boolean, required: boolean, common: Record<string, unknown>, note: unknown}} props
 */
export const UploadField = ({ id, fieldId, label, value, multiple, readOnly, required, common, note }) => {
  const [items, setItems] = useState(() => itemsOf(value));
  /** ids uploaded here and not yet submitted: removing one deletes it, as nothing else names it */
  const [fresh, setFresh] = useState(/** @type {string[]} */ ([]));
  const [status, setStatus] = useState('');
  if (readOnly)
    return html`<span class="label">${label}</span>
      <ul class="files">
        ${items.map((item) => html`<li key=${item.id}><${ItemLink} item=${item} /></li>`)}
      </ul>`;

  /** @param {Event} event */
  const choose = async (event) => {
    const input = /** @type {HTMLInputElement} */ (event.currentTarget);
    const files = [...(input.files ?? [])];
    if (files.length === 0) return;
    setStatus(`Uploading ${files.map((f) => f.name).join(', ')}…`);
    try {
      const stored = [];
      for (const file of files) {
        const body = new FormData();
        body.set('name', file.name);
        if (file.type) body.set('mimeType', file.type);
        body.set('file', file, file.name);
        stored.push(
          /** @type {Item} */ (await api('POST', 'content-api/content-service/content-items', body)),
        );
      }
      // one file only: the one it replaces is let go like a removed one
      if (!multiple) for (const item of items) await forget(item);
      setItems(multiple ? [...items, ...stored] : stored.slice(-1));
      setFresh([...fresh, ...stored.map((item) => item.id)]);
      setStatus(`Uploaded ${stored.map((item) => item.name).join(', ')}.`);
    } catch (failure) {
      setStatus(`Upload failed: ${failure instanceof Error ? failure.message : String(failure)}`);
    }
    input.value = '';
  };

  /** Delete an item uploaded here; one the form had before stays (it belongs to the task or instance). */
  const forget = async (/** @type {Item} */ item) => {
    if (!fresh.includes(item.id)) return;
    try {
      await api('DELETE', `content-api/content-service/content-items/${encodeURIComponent(item.id)}`);
    } catch {
      // the item stays its creator's, unlinked: only disk space
    }
  };
  /** @param {Item} item */
  const remove = async (item) => {
    setItems(items.filter((other) => other.id !== item.id));
    await forget(item);
    setStatus(`Removed ${item.name ?? item.id}.`);
  };

  return html`<label for=${id}>${label}</label>
    <input
      ...${common}
      name=${undefined}
      required=${undefined}
      aria-required=${required ? 'true' : undefined}
      type="file"
      multiple=${multiple}
      onChange=${choose}
    />
    <input type="hidden" name=${fieldId} value=${items.map((item) => item.id).join(',')} />
    <span role="status" class="hint">${status}</span>
    <ul class="files" aria-label=${`${label}: files`}>
      ${items.map(
        (item) =>
          html`<li key=${item.id}>
            <${ItemLink} item=${item} />
            <button
              type="button"
              class="link"
              onClick=${() => remove(item)}
              aria-label=${`Remove ${item.name ?? item.id}`}
            >
              Remove
            </button>
          </li>`,
      )}
    </ul>
    ${note}`;
};
