/**
 * A task's conversation on its page (docs/conversations.md): the latest messages, new ones as
 * they come by long polling (`.../messages/poll`, plain HTTP, so it works behind any proxy and
 * on any node), and a box to post. The task's people start it; the read marker follows what
 * the page has shown.
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import { html } from 'htm/preact';
import { api, query, when } from '../api.js';
import { ErrorNote, useAction } from './common.js';

const BASE = 'conversation-api/conversations';
/** How many of the latest messages the page shows first. */
const LATEST = 50;

/** @param {{taskId: string}} props */
export const TaskConversation = ({ taskId }) => {
  const [conversation, setConversation] = useState(/** @type {any} */ (undefined));
  const [messages, setMessages] = useState(/** @type {any[]} */ ([]));
  const { error, run } = useAction();

  const find = useCallback(async () => {
    const found = await api('GET', `${BASE}${query({ taskId })}`);
    setConversation(found.data[0] ?? null);
  }, [taskId]);

  useEffect(() => {
    run(find);
  }, [find]);

  const id = conversation?.id;
  useEffect(() => {
    if (!id) return undefined;
    let stopped = false;
    const stop = new AbortController();
    const follow = async () => {
      const latest = await api(
        'GET',
        `${BASE}/${encodeURIComponent(id)}/messages${query({ order: 'desc', size: LATEST })}`,
      );
      /** @type {any[]} */
      let shown = [...latest.data].reverse();
      setMessages(shown);
      let after = shown.length > 0 ? shown[shown.length - 1].id : 0;
      /** Everything shown is read. */
      const markRead = () =>
        after > 0 ? api('PUT', `${BASE}/${encodeURIComponent(id)}/read`, { messageId: after }) : undefined;
      await markRead();
      while (!stopped) {
        const path = `${BASE}/${encodeURIComponent(id)}/messages/poll${query({ after, wait: 25 })}`;
        const response = await fetch(path, {
          credentials: 'same-origin',
          signal: stop.signal,
          headers: { 'X-Requested-With': 'weir-ui' },
        });
        if (!response.ok) throw new Error(`Polling the conversation failed: HTTP ${response.status}`);
        const answer = await response.json();
        after = answer.lastMessageId;
        if (answer.data.length > 0) {
          shown = [...shown, ...answer.data];
          setMessages(shown);
          await markRead();
        }
      }
    };
    run(() => follow().catch((failure) => (stopped ? undefined : Promise.reject(failure))));
    return () => {
      stopped = true;
      stop.abort();
    };
  }, [id]);

  const start = () =>
    run(async () => {
      setConversation(await api('POST', BASE, { taskId, includeTaskPeople: true }));
    });

  /** @param {SubmitEvent} event */
  const onSend = (event) => {
    event.preventDefault();
    const element = /** @type {HTMLFormElement} */ (event.currentTarget);
    const text = String(new FormData(element).get('message') ?? '');
    run(async () => {
      await api('POST', `${BASE}/${encodeURIComponent(id)}/messages`, { text });
      element.reset();
    });
  };

  return html`<section aria-label="Conversation">
    <h2>Conversation</h2>
    <${ErrorNote} error=${error} />
    ${
      conversation === null &&
      html`<p class="hint">Nobody has talked about this task yet.</p>
        <button type="button" onClick=${start}>Start a conversation with the task's people</button>`
    }
    ${
      conversation &&
      html`<ol class="comments" aria-live="polite">
          ${messages.map(
            (m) => html`<li key=${m.id}><strong>${m.author}</strong> ${when(m.created)}: ${m.text}</li>`,
          )}
        </ol>
        <form onSubmit=${onSend}>
          <label for="message">Message</label>
          <textarea id="message" name="message" required maxlength="10000"></textarea>
          <button type="submit">Send</button>
        </form>`
    }
  </section>`;
};
