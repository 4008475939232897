/**
 * One task: its details; claim, unclaim, delegate; its due date; its comments; its conversation
 * (`conversation.js`); and its form
 * (`GET .../tasks/{id}/form`, Flowable's form model) or, when it has none (no form key, or one naming
 * no deployed form: 404), a plain Complete button.
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import { html } from 'htm/preact';
import { ApiError, api, when } from '../api.js';
import { onEvent } from '../events.js';
import { ErrorNote, useAction } from './common.js';
import { RenderedForm } from './form.js';
import { TaskConversation } from './conversation.js';

/** The case a case's task belongs to (Flowable's `scopeType` cmmn), or ''. @param {any} task */
const caseOf = (task) => (task?.scopeType === 'cmmn' && task.scopeId ? String(task.scopeId) : '');

/** @param {{me: {userId: string}, taskId: string}} props */
export const TaskPage = ({ me, taskId }) => {
  const url = `process-api/runtime/tasks/${encodeURIComponent(taskId)}`;
  const [task, setTask] = useState(/** @type {any} */ (null));
  const [form, setForm] = useState(/** @type {any} */ (null));
  const [comments, setComments] = useState(/** @type {any[]} */ ([]));
  const [fieldErrors, setFieldErrors] = useState(/** @type {Record<string, string>} */ ({}));
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const { error, run } = useAction();

  const load = useCallback(async () => {
    const [loaded, listed] = await Promise.all([api('GET', url), api('GET', `${url}/comments`)]);
    setTask(loaded);
    setComments(listed);
    // a task without a form key has no form to ask for (Flowable answers 400 for it)
    if (!loaded.formKey) {
      setForm(null);
      return;
    }
    try {
      setForm(await api('GET', `${url}/form`));
    } catch (failure) {
      if (!(failure instanceof ApiError && failure.status === 404)) throw failure;
      setForm(null);
    }
  }, [url]);

  useEffect(() => {
    run(load);
    return onEvent((event) => {
      if (event.data.taskId === taskId && event.type !== 'task:completed' && event.type !== 'task:deleted')
        run(load);
    });
  }, [load]);

  /** @param {Record<string, unknown>} body */
  const action = (body) =>
    run(async () => {
      await api('POST', url, body);
      await load();
    });

  /** @param {{name: string, value: unknown}[]} variables @param {string | undefined} outcome */
  const complete = async (variables, outcome) => {
    setBusy(true);
    setFieldErrors({});
    await run(async () => {
      try {
        await api('POST', url, {
          action: 'complete',
          ...(form?.id ? { formDefinitionId: form.id } : {}),
          ...(outcome ? { outcome } : {}),
          variables,
        });
        setDone(true);
      } catch (failure) {
        if (failure instanceof ApiError && failure.status === 400 && Array.isArray(failure.body.fields)) {
          setFieldErrors(Object.fromEntries(failure.body.fields.map((f) => [f.id, f.message])));
        }
        throw failure;
      }
    });
    setBusy(false);
  };

  if (done)
    return html`<h1>Task completed</h1>
      <p role="status">${task?.name ?? taskId} is done.</p>
      <p>
        <a href="#/tasks">Back to Tasks</a
        >${task?.processInstanceId ? html` · <a href=${`#/instances/${task.processInstanceId}`}>See its instance</a>` : ''}${caseOf(task) ? html` · <a href=${`#/cases/${encodeURIComponent(caseOf(task))}`}>See its case</a>` : ''}
      </p>`;
  if (!task)
    return html`<${ErrorNote} error=${error} />
      <p>Loading…</p>`;

  const mine = task.assignee === me.userId;
  /** @param {SubmitEvent} event */
  const onDelegate = (event) => {
    event.preventDefault();
    const data = new FormData(/** @type {HTMLFormElement} */ (event.currentTarget));
    action({ action: 'delegate', assignee: String(data.get('delegate')) });
  };
  /** @param {SubmitEvent} event */
  const onDue = (event) => {
    event.preventDefault();
    const data = new FormData(/** @type {HTMLFormElement} */ (event.currentTarget));
    const day = String(data.get('due') ?? '');
    run(async () => {
      await api('PUT', url, { dueDate: day ? new Date(`${day}T12:00:00`).toISOString() : null });
      await load();
    });
  };
  /** @param {SubmitEvent} event */
  const onComment = (event) => {
    event.preventDefault();
    const element = /** @type {HTMLFormElement} */ (event.currentTarget);
    const message = String(new FormData(element).get('comment') ?? '');
    run(async () => {
      await api('POST', `${url}/comments`, { message });
      element.reset();
      await load();
    });
  };

  return html`<h1>${task.name ?? task.id}</h1>
    <${ErrorNote} error=${error} />
    <dl class="details">
      <dt>Assignee</dt>
      <dd>${task.assignee ?? 'nobody'}</dd>
      <dt>Created</dt>
      <dd>${when(task.createTime)}</dd>
      <dt>Due</dt>
      <dd>${task.dueDate ? when(task.dueDate) : 'no due date'}</dd>
      ${
        task.description &&
        html`<dt>Description</dt>
          <dd>${task.description}</dd>`
      }
      ${
        task.processInstanceId &&
        html`<dt>Instance</dt>
          <dd><a href=${`#/instances/${task.processInstanceId}`}>${task.processInstanceId}</a></dd>`
      }
      ${
        caseOf(task) &&
        html`<dt>Case</dt>
          <dd><a href=${`#/cases/${encodeURIComponent(caseOf(task))}`}>${caseOf(task)}</a></dd>`
      }
    </dl>
    <div class="actions">
      ${
        task.assignee
          ? html`<button type="button" onClick=${() => action({ action: 'unclaim' })}>Unclaim</button>`
          : html`<button type="button" onClick=${() => action({ action: 'claim', assignee: me.userId })}>
              Claim
            </button>`
      }
    </div>
    <section aria-label="Form">
      <h2>${form?.name ?? 'Complete the task'}</h2>
      ${!mine && html`<p class="hint">Claim the task to work on it.</p>`}
      <${RenderedForm} form=${form ?? {}} errors=${fieldErrors} busy=${busy || !mine} onSubmit=${complete} />
    </section>
    <section aria-label="Delegate and due date" class="columns">
      <form onSubmit=${onDelegate}>
        <label for="delegate">Delegate to</label>
        <input id="delegate" name="delegate" required />
        <button type="submit">Delegate</button>
      </form>
      <form onSubmit=${onDue}>
        <label for="due">Due date</label>
        <input id="due" name="due" type="date" value=${task.dueDate ? task.dueDate.slice(0, 10) : ''} />
        <button type="submit">Set due date</button>
      </form>
    </section>
    <section aria-label="Comments">
      <h2>Comments</h2>
      <ul class="comments">
        ${comments.map((c) => html`<li key=${c.id}><strong>${c.author}</strong> ${when(c.time)}: ${c.message}</li>`)}
      </ul>
      <form onSubmit=${onComment}>
        <label for="comment">Comment</label>
        <textarea id="comment" name="comment" required></textarea>
        <button type="submit">Add comment</button>
      </form>
    </section>
    <${TaskConversation} taskId=${taskId} />`;
};
