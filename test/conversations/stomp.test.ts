import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basic, createHttpHarness, passwordOf, type HttpHarness } from '../http/harness.ts';
import { connectStomp, rawStomp } from './stomp-client.ts';

const C = '/conversation-api/conversations';
let h: HttpHarness;
let url: string;

beforeAll(async () => {
  h = await createHttpHarness();
  const address = await h.app.listen({ port: 0, host: '127.0.0.1' });
  url = `${address.replace('http', 'ws')}/stomp`;
});
afterAll(() => h?.close());

const conversationOf = async (participants: Record<string, string>[]) => {
  const created = await h.request('POST', C, { as: 'kermit', body: { participants } });
  return created.json().id as string;
};

const postRest = async (id: string, text: string) => {
  const response = await h.request('POST', `${C}/${id}/messages`, { as: 'kermit', body: { text } });
  return response.json().id as number;
};

describe('conversations over STOMP', () => {
  it('a participant receives, in order, what another sends, with receipts', async () => {
    const id = await conversationOf([{ groupId: 'sales' }]);
    const kermit = await connectStomp(url, { login: 'kermit', passcode: 'kermit-secret' });
    // fozzie authenticates with the upgrade request instead of CONNECT headers
    const fozzie = await connectStomp(url, { authorization: basic('fozzie') });
    await kermit.subscribe(id);
    const ids: string[] = [];
    for (let n = 1; n <= 20; n++) ids.push((await fozzie.send(id, `line ${n}`))['message-id'] as string);
    const got = await kermit.waitFor(id, 20);
    expect(got.map((m) => m.text)).toEqual(Array.from({ length: 20 }, (_, n) => `line ${n + 1}`));
    expect(got.map((m) => String(m.id))).toEqual(ids);
    expect(new Set(got.map((m) => m.author))).toEqual(new Set(['fozzie']));
    // stored before delivery: the REST history has them all
    const history = await h.request('GET', `${C}/${id}/messages?size=100`, { as: 'kermit' });
    expect(history.json().data.map((m: { id: number }) => String(m.id))).toEqual(ids);
    await Promise.all([kermit.close(), fozzie.close()]);
  });

  it('a client that reconnects with last-message-id gets every message it missed once', async () => {
    const id = await conversationOf([{ userId: 'fozzie' }]);
    const first = await postRest(id, 'one');
    const fozzie = await connectStomp(url, { login: 'fozzie', passcode: 'fozzie-secret' });
    await fozzie.subscribe(id, 0);
    expect((await fozzie.waitFor(id, 1)).map((m) => m.id)).toEqual([first]);
    await fozzie.close();

    const missed = [await postRest(id, 'two'), await postRest(id, 'three')];
    const again = await connectStomp(url, { login: 'fozzie', passcode: 'fozzie-secret' });
    await again.subscribe(id, first);
    const live = await postRest(id, 'four');
    const got = await again.waitFor(id, 3);
    expect(got.map((m) => m.id)).toEqual([...missed, live]);
    // nothing more arrives: a message sent after is the next one, with no repeat in between
    const last = await postRest(id, 'five');
    expect((await again.waitFor(id, 4)).map((m) => m.id)).toEqual([...missed, live, last]);
    await again.close();
  });

  it("a browser connects with its session cookie from the server's own origin, and not from another", async () => {
    const login = await h.app.inject({
      method: 'POST',
      url: '/auth/login',
      headers: { origin: 'http://localhost' },
      payload: { username: 'fozzie', password: passwordOf('fozzie') },
    });
    expect(login.statusCode, login.body).toBe(200);
    const cookie = String(login.headers['set-cookie']).split(';')[0];
    const id = await conversationOf([{ userId: 'fozzie' }]);
    const own = new URL(url.replace('ws', 'http')).origin;
    const fozzie = await connectStomp(url, { upgrade: { cookie, origin: own } });
    await fozzie.subscribe(id);
    await postRest(id, 'through the session');
    expect((await fozzie.waitFor(id, 1)).map((m) => [m.author, m.text])).toEqual([
      ['kermit', 'through the session'],
    ]);
    await fozzie.close();
    // the same cookie sent from another site's page: no session, CONNECT is refused
    const foreign = await rawStomp(url, { cookie, origin: 'https://evil.example' });
    foreign.send('CONNECT', { 'accept-version': '1.2' });
    const refused = await foreign.next();
    expect([refused.command, refused.headers.message]).toEqual([
      'ERROR',
      "Requests from origin 'https://evil.example' are refused",
    ]);
    await foreign.untilClosed();
  });

  it('refuses, with an ERROR frame that says why, and closes', async () => {
    const cases: { headers: Record<string, string>; upgrade?: Record<string, string>; message: string }[] = [
      {
        headers: { 'accept-version': '1.2', login: 'kermit', passcode: 'wrong' },
        message: 'Wrong user id or password',
      },
      {
        headers: { 'accept-version': '1.2' },
        message:
          'Authentication required: send login and passcode on CONNECT, or HTTP Basic credentials or the session cookie with the upgrade request',
      },
      {
        headers: { 'accept-version': '1.2', login: 'gonzo', passcode: 'gonzo-secret' },
        message: "User 'gonzo' does not have the privilege 'access-rest-api'",
      },
      {
        headers: { 'accept-version': '1.0', login: 'kermit', passcode: 'kermit-secret' },
        message: 'Weir speaks STOMP 1.2: send accept-version:1.2 on CONNECT',
      },
    ];
    for (const c of cases) {
      const raw = await rawStomp(url, c.upgrade);
      raw.send('CONNECT', c.headers);
      const frame = await raw.next();
      expect(frame.command).toBe('ERROR');
      expect(frame.headers.message).toBe(c.message);
      await raw.untilClosed();
    }
    const early = await rawStomp(url);
    early.send('SUBSCRIBE', { id: 's', destination: '/topic/conversations.x' });
    expect((await early.next()).headers.message).toBe('Send CONNECT before SUBSCRIBE');
  });

  it('a user subscribes only to conversations they take part in, and posts only there', async () => {
    const id = await conversationOf([]);
    const connect = async () => {
      const raw = await rawStomp(url, { authorization: basic('fozzie') });
      raw.send('CONNECT', { 'accept-version': '1.2' });
      expect((await raw.next()).headers['user-name']).toBe('fozzie');
      return raw;
    };
    const sub = await connect();
    sub.send('SUBSCRIBE', { id: 's1', destination: `/topic/conversations.${id}`, receipt: 'r1' });
    const refused = await sub.next();
    expect(refused).toMatchObject({
      command: 'ERROR',
      headers: { message: `Could not find a conversation with id '${id}'.`, 'receipt-id': 'r1' },
    });
    await sub.untilClosed();

    const send = await connect();
    send.send('SEND', { destination: `/topic/conversations.${id}` }, 'let me in');
    expect((await send.next()).headers.message).toBe(`Could not find a conversation with id '${id}'.`);
    const history = await h.request('GET', `${C}/${id}/messages`, { as: 'kermit' });
    expect(history.json().total).toBe(0);

    const bad = await connect();
    bad.send('SUBSCRIBE', { id: 's1', destination: '/queue/anything' });
    expect((await bad.next()).headers.message).toBe(
      "Unknown destination '/queue/anything': use /topic/conversations.<conversationId>",
    );
    const blank = await connect();
    await h.request('POST', `${C}/${id}/participants`, { as: 'kermit', body: { userId: 'fozzie' } });
    blank.send('SEND', { destination: `/topic/conversations.${id}` }, '');
    expect((await blank.next()).headers.message).toBe(
      "Message field 'text' is required and may not be blank",
    );
  });

  it('a participant who is removed is told and disconnected; the others go on receiving', async () => {
    const id = await conversationOf([{ userId: 'fozzie' }]);
    const fozzie = await rawStomp(url, { authorization: basic('fozzie') });
    fozzie.send('CONNECT', { 'accept-version': '1.2' });
    await fozzie.next();
    fozzie.send('SUBSCRIBE', { id: 'f', destination: `/topic/conversations.${id}`, receipt: 'f1' });
    expect((await fozzie.next()).headers['receipt-id']).toBe('f1');
    const kermit = await connectStomp(url, { login: 'kermit', passcode: 'kermit-secret' });
    await kermit.subscribe(id);

    const first = await postRest(id, 'before fozzie leaves');
    expect((await fozzie.next()).headers['message-id']).toBe(String(first));
    const removed = await h.request('DELETE', `${C}/${id}/participants/users/fozzie`, { as: 'kermit' });
    expect(removed.statusCode).toBe(204);
    const refused = await fozzie.next();
    expect(refused).toMatchObject({
      command: 'ERROR',
      headers: { message: `User 'fozzie' no longer takes part in conversation '${id}'` },
    });
    await fozzie.untilClosed();

    const second = await postRest(id, 'after fozzie left');
    expect((await kermit.waitFor(id, 2)).map((m) => m.id)).toEqual([first, second]);
    // fozzie saw nothing after the ERROR
    expect(fozzie.frames.at(-1)?.command).toBe('ERROR');
    await kermit.close();
  });
});
