/**
 * A form in Flowable's form-model JSON shape, rendered as labelled controls:
 *   {id, name, key, fields: [{id, name, type, required, readOnly, value, placeholder,
 *    options: [{id?, name}]}], outcomes: [{id?, name}]}
 * Each outcome is a submit button named by the outcome; a form without outcomes has one
 * "Complete" button (or the page's own label). The server is the one judge of a submission
 * (the form has `novalidate`, and numbers are sent as typed): its validation errors
 * (`fields: [{id, message}]` in a 400 answer) are shown next to their field, which is marked
 * invalid and described by the message, and the page announces the whole answer in an alert.
 * The controls are uncontrolled (`defaultValue`): a refused submission keeps what was typed.
 */
import { useEffect, useState } from 'preact/hooks';
import { html } from 'htm/preact';
import { UploadField } from './upload-field.js';

/** @typedef {{id?: string, name: string}} Option */
/** @typedef {{id: string, name?: string, type: string, required?: boolean, readOnly?: boolean, value?: any, placeholder?: string, options?: Option[], params?: Record<string, any>}} Field */
/** @typedef {{id?: string, key?: string, name?: string, fields?: Field[], outcomes?: {id?: string, name: string}[]}} FormModel */

/** Field types that show something and submit nothing. */
const DISPLAY_ONLY = [
  'expression',
  'hyperlink',
  'headline',
  'headline-with-line',
  'spacer',
  'horizontal-line',
];

/** @param {Field} field @param {FormData} data */
const valueOf = (field, data) => {
  const raw = data.get(field.id);
  switch (field.type) {
    case 'boolean':
      return raw === 'on';
    default:
      // numbers too: as typed, so that '2.5' in an integer field is refused by the server, not truncated
      return raw === null || raw === '' ? null : String(raw);
  }
};

/**
 * The variables a submitted form sets: one per editable field, named by the field's id.
 * @param {FormModel} form
 * @param {HTMLFormElement} element
 */
export const formValues = (form, element) => {
  const data = new FormData(element);
  return (form.fields ?? [])
    .filter((field) => !field.readOnly && !DISPLAY_ONLY.includes(field.type))
    .map((field) => ({ name: field.id, value: valueOf(field, data) }));
};

/** @param {{field: Field, error: string | undefined}} props */
const Control = ({ field, error }) => {
  const id = `field-${field.id}`;
  const label = field.name ?? field.id;
  const common = {
    id,
    name: field.id,
    required: field.required === true,
    'aria-required': field.required === true ? 'true' : undefined,
    disabled: field.readOnly === true,
    'aria-invalid': error ? 'true' : undefined,
    'aria-describedby': error ? `${id}-error` : undefined,
  };
  const note = error ? html`<span id=${`${id}-error`} class="field-error">${error}</span>` : null;
  const value = field.value ?? '';
  switch (field.type) {
    case 'multi-line-text':
      return html`<label for=${id}>${label}</label
        ><textarea ...${common} placeholder=${field.placeholder} defaultValue=${value}></textarea>${note}`;
    case 'integer':
    case 'decimal':
      return html`<label for=${id}>${label}</label>
        <input
          ...${common}
          type="number"
          step=${field.type === 'integer' ? '1' : 'any'}
          defaultValue=${value}
        />${note}`;
    case 'boolean':
      return html`<label class="check"
          ><input ...${common} type="checkbox" defaultChecked=${value === true || value === 'true'} />
          ${label}</label
        >${note}`;
    case 'date':
      return html`<label for=${id}>${label}</label
        ><input ...${common} type="date" defaultValue=${String(value).slice(0, 10)} />${note}`;
    case 'dropdown':
      return html`<label for=${id}>${label}</label>
        <select ...${common}>
          ${(field.options ?? []).map(
            (option) =>
              html`<option value=${option.id ?? option.name} selected=${(option.id ?? option.name) === value}>
                ${option.name}
              </option>`,
          )}</select
        >${note}`;
    case 'radio-buttons':
      return html`<fieldset aria-invalid=${error ? 'true' : undefined}>
          <legend>${label}</legend>
          ${(field.options ?? []).map(
            (option) =>
              html`<label class="check"
                ><input
                  type="radio"
                  name=${field.id}
                  value=${option.id ?? option.name}
                  required=${field.required === true}
                  disabled=${field.readOnly === true}
                  defaultChecked=${(option.id ?? option.name) === value}
                />
                ${option.name}</label
              >`,
          )}
        </fieldset>
        ${note}`;
    case 'hyperlink':
      return html`<p><a href=${String(value)} rel="noopener noreferrer">${label}</a></p>`;
    case 'expression':
      return html`<p><span class="label">${label}</span>: <output>${String(value)}</output></p>`;
    case 'upload':
      return html`<${UploadField}
        id=${id}
        fieldId=${field.id}
        label=${label}
        value=${field.value}
        multiple=${field.params?.multiple === true || field.params?.multiple === 'true'}
        readOnly=${field.readOnly === true}
        required=${field.required === true}
        common=${common}
        note=${note}
      />`;
    default:
      return html`<label for=${id}>${label}</label>
        <input ...${common} type="text" defaultValue=${value} placeholder=${field.placeholder} />${note}`;
  }
};

/**
 * @param {{form: FormModel, errors: Record<string, string>, busy: boolean, submitLabel?: string,
 *   onSubmit: (values: {name: string, value: unknown}[], outcome: string | undefined) => void}} props
 */
export const RenderedForm = ({ form, errors, busy, submitLabel = 'Complete', onSubmit }) => {
  // a field the user changes after a refusal no longer shows the refusal's message for it
  const [changed, setChanged] = useState(/** @type {Set<string>} */ (new Set()));
  useEffect(() => setChanged(new Set()), [errors]);
  /** @param {Event} event */
  const onChange = (event) => {
    const name = /** @type {HTMLInputElement} */ (event.target).name;
    if (name && errors[name] && !changed.has(name)) setChanged(new Set([...changed, name]));
  };
  /** @param {SubmitEvent} event */
  const submit = (event) => {
    event.preventDefault();
    const element = /** @type {HTMLFormElement} */ (event.currentTarget);
    const button = /** @type {HTMLButtonElement | null} */ (event.submitter);
    onSubmit(formValues(form, element), button?.value || undefined);
  };
  const outcomes = form.outcomes ?? [];
  return html`<form
    class="task-form"
    novalidate
    onSubmit=${submit}
    onInput=${onChange}
    onChange=${onChange}
    aria-label=${form.name ?? 'Form'}
  >
    ${(form.fields ?? []).map((field) => html`<div class="field" key=${field.id}><${Control} field=${field} error=${changed.has(field.id) ? undefined : errors[field.id]} /></div>`)}
    <div class="outcomes">
      ${
        outcomes.length === 0
          ? html`<button type="submit" disabled=${busy}>${submitLabel}</button>`
          : outcomes.map(
              (outcome) =>
                html`<button
                  type="submit"
                  name="outcome"
                  value=${outcome.id ?? outcome.name}
                  disabled=${busy}
                >
                  ${outcome.name}
                </button>`,
            )
      }
    </div>
  </form>`;
};
