/**
 * The Conversations page (docs/ui.md): the signed-in user's conversations, standalone and of
 * tasks and instances, newest activity first, each with its unread count (refreshed every few
 * seconds, and when the open conversation is read); a form to start a standalone conversation;
 * and, under `#/conversations/<id>`, one conversation (`conversation.js`).
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import { html } from 'htm/preact';
import { api, query, when } from '../api.js';
import { CONVERSATIONS, ConversationView } from './conversation.js';
import { ErrorNote, Table, useAction } from './common.js';

/** How often the list asks for new conversations and unread counts. */
const REFRESH_MS = 3000;

/** @param {any} c */
const activity = (c) => c.lastMessageTime ?? c.created;

/** @param {any} c */
const subjectOf = (c) =>
  c.name ?? (c.taskId ? `Task ${c.taskId}` : c.processInstanceId ? `Instance ${c.processInstanceId}` : c.id);

/** @param {any} c */
const About = ({ c }) => {
  if (c.taskId) return html`<a href=${`#/tasks/${encodeURIComponent(c.taskId)}`}>Task ${c.taskId}</a>`;
  if (c.processInstanceId)
    return html`<a href=${`#/instances/${encodeURIComponent(c.processInstanceId)}`}
      >Instance ${c.processInstanceId}</a
    >`;
  return 'Standalone';
};

/** Ids typed with commas or spaces between them. @param {FormDataEntryValue | null} value */
const idsOf = (value) =>
  String(value ?? '')
    .split(/[\s,]+/)
    .filter(Boolean);

/** @param {{onStarted: (conversation: any) => void}} props */
const StartConversation = ({ onStarted }) => {
  const { error, run } = useAction();
  /** @param {SubmitEvent} event */
  const onSubmit = (event) => {
    event.preventDefault();
    const element = /** @type {HTMLFormElement} */ (event.currentTarget);
    const form = new FormData(element);
    const participants = [
      ...idsOf(form.get('users')).map((userId) => ({ userId })),
      ...idsOf(form.get('groups')).map((groupId) => ({ groupId })),
    ];
    run(async () => {
      const created = await api('POST', CONVERSATIONS, {
        name: String(form.get('subject') ?? ''),
        participants,
      });
      element.reset();
      onStarted(created);
    });
  };
  return html`<section aria-labelledby="start-conversation">
    <h2 id="start-conversation">Start a conversation</h2>
    <${ErrorNote} error=${error} />
    <form onSubmit=${onSubmit} aria-labelledby="start-conversation">
      <label for="conversation-subject">Subject</label>
      <input id="conversation-subject" name="subject" required maxlength="255" />
      <label for="conversation-users">Users</label>
      <input id="conversation-users" name="users" aria-describedby="conversation-ids" />
      <label for="conversation-groups">Groups</label>
      <input id="conversation-groups" name="groups" aria-describedby="conversation-ids" />
      <p id="conversation-ids" class="hint">Ids, separated by commas; you take part yourself.</p>
      <button type="submit">Start conversation</button>
    </form>
  </section>`;
};

/** @param {{conversationId?: string}} props */
export const ConversationsPage = ({ conversationId }) => {
  const [conversations, setConversations] = useState(/** @type {any[]} */ ([]));
  const { error, run } = useAction();

  const load = useCallback(async () => {
    const answer = await api(
      'GET',
      `${CONVERSATIONS}${query({ sort: 'lastMessageAt', order: 'desc', size: 100 })}`,
    );
    setConversations([...answer.data].sort((a, b) => activity(b).localeCompare(activity(a))));
  }, []);

  useEffect(() => {
    run(load);
    const timer = setInterval(() => run(load), REFRESH_MS);
    return () => clearInterval(timer);
  }, [load]);

  const open = conversations.find((c) => c.id === conversationId);

  return html`<h1>Conversations</h1>
    <${ErrorNote} error=${error} />
    <${Table}
      caption="My conversations"
      heads=${['Subject', 'About', 'Unread', 'Last activity']}
      rows=${conversations}
      row=${(/** @type {any} */ c) =>
        html`<tr key=${c.id}>
          <th scope="row">
            <a
              href=${`#/conversations/${encodeURIComponent(c.id)}`}
              aria-current=${c.id === conversationId ? 'page' : undefined}
              >${subjectOf(c)}</a
            >
          </th>
          <td><${About} c=${c} /></td>
          <td>${c.unreadCount}</td>
          <td>${when(activity(c))}</td>
        </tr>`}
    />
    ${
      conversationId &&
      html`<section aria-labelledby="open-conversation">
        <h2 id="open-conversation">${open ? subjectOf(open) : 'Conversation'}</h2>
        <${ConversationView}
          key=${conversationId}
          conversationId=${conversationId}
          onRead=${() => run(load)}
        />
      </section>`
    }
    <${StartConversation}
      onStarted=${(/** @type {any} */ created) => {
        location.hash = `#/conversations/${encodeURIComponent(created.id)}`;
        run(load);
      }}
    />`;
};
