/**
 * One conversation's messages (docs/conversations.md), shared by a task's page and the
 * Conversations page: the latest page of messages, earlier ones a page at a time ("Older
 * messages"), new ones live over `/stomp`, and a box to post. The read marker follows what
 * the view has shown.
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import { html } from 'htm/preact';
import { api, query, when } from '../api.js';
import { followConversation } from '../stomp.js';
import { ErrorNote, useAction } from './common.js';

export const CONVERSATIONS = 'conversation-api/conversations';
/** How many messages the view loads at a time. */
export const PAGE = 20;

/** @param {string} id */
const messagesOf = (id) => `${CONVERSATIONS}/${encodeURIComponent(id)}/messages`;

/**
 * @param {{conversationId: string, onRead?: (unreadCount: number) => void}} props `onRead` is
 *   told the unread count after the read marker moved
 */
export const ConversationView = ({ conversationId, onRead }) => {
  const [messages, setMessages] = useState(/** @type {any[]} */ ([]));
  const [hasOlder, setHasOlder] = useState(false);
  const { error, run } = useAction();

  useEffect(() => {
    setMessages([]);
    setHasOlder(false);
    let stopped = false;
    /** @type {() => void} */
    let stopFollowing = () => {};
    let read = 0;
    /** Everything shown is read. @param {number} upTo */
    const markRead = async (upTo) => {
      if (upTo <= read || stopped) return;
      read = upTo;
      const answer = await api('PUT', `${CONVERSATIONS}/${encodeURIComponent(conversationId)}/read`, {
        messageId: upTo,
      });
      onRead?.(answer.unreadCount);
    };
    run(async () => {
      const latest = await api('GET', `${messagesOf(conversationId)}${query({ order: 'desc', size: PAGE })}`);
      if (stopped) return;
      const shown = [...latest.data].reverse();
      setMessages(shown);
      setHasOlder(latest.total > latest.data.length);
      const newest = shown.length > 0 ? shown[shown.length - 1].id : 0;
      await markRead(newest);
      if (stopped) return;
      stopFollowing = followConversation(
        conversationId,
        newest,
        (message) => {
          setMessages((now) => (now.some((m) => m.id === message.id) ? now : [...now, message]));
          run(() => markRead(message.id));
        },
        (problem) => run(() => Promise.reject(new Error(problem))),
      );
    });
    return () => {
      stopped = true;
      stopFollowing();
    };
  }, [conversationId]);

  const older = () =>
    run(async () => {
      const before = messages.length > 0 ? messages[0].id : undefined;
      const page = await api(
        'GET',
        `${messagesOf(conversationId)}${query({ order: 'desc', size: PAGE, before })}`,
      );
      setMessages((now) => [
        ...[...page.data].reverse().filter((m) => !now.some((n) => n.id === m.id)),
        ...now,
      ]);
      setHasOlder(page.total > page.data.length);
    });

  /** @param {SubmitEvent} event */
  const onSend = (event) => {
    event.preventDefault();
    const element = /** @type {HTMLFormElement} */ (event.currentTarget);
    const text = String(new FormData(element).get('message') ?? '');
    run(async () => {
      await api('POST', messagesOf(conversationId), { text });
      element.reset();
    });
  };

  return html`<${ErrorNote} error=${error} />
    ${hasOlder && html`<button type="button" onClick=${older}>Older messages</button>`}
    <ol class="comments" aria-live="polite">
      ${messages.map(
        (m) => html`<li key=${m.id}><strong>${m.author}</strong> ${when(m.created)}: ${m.text}</li>`,
      )}
    </ol>
    <form onSubmit=${onSend}>
      <label for="message">Message</label>
      <textarea id="message" name="message" required maxlength="10000"></textarea>
      <button type="submit">Send</button>
    </form>`;
};

/** A task's conversation on its page; the task's people start it. @param {{taskId: string}} props */
export const TaskConversation = ({ taskId }) => {
  const [conversation, setConversation] = useState(/** @type {any} */ (undefined));
  const { error, run } = useAction();

  const find = useCallback(async () => {
    const found = await api('GET', `${CONVERSATIONS}${query({ taskId })}`);
    setConversation(found.data[0] ?? null);
  }, [taskId]);

  useEffect(() => {
    run(find);
  }, [find]);

  const start = () =>
    run(async () => {
      setConversation(await api('POST', CONVERSATIONS, { taskId, includeTaskPeople: true }));
    });

  return html`<section aria-label="Conversation">
    <h2>Conversation</h2>
    <${ErrorNote} error=${error} />
    ${
      conversation === null &&
      html`<p class="hint">Nobody has talked about this task yet.</p>
        <button type="button" onClick=${start}>Start a conversation with the task's people</button>`
    }
    ${conversation && html`<${ConversationView} conversationId=${conversation.id} />`}
  </section>`;
};
