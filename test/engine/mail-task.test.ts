import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { defaultMailServerSettings, type MailServerSettings } from '../../src/engine/mail-task.ts';
import { createEngineHarness, describeEachDatabase, type EngineHarness } from './harness.ts';

interface Received {
  from: string;
  recipients: string[];
  user?: string;
  headers: Record<string, string>;
  raw: string;
}

/** Headers of a raw message, folded lines joined, names lower-cased. */
const headersOf = (raw: string): Record<string, string> => {
  const head = raw.slice(0, raw.indexOf('\r\n\r\n')).replace(/\r\n[ \t]+/g, ' ');
  return Object.fromEntries(
    head.split('\r\n').map((line) => {
      const colon = line.indexOf(':');
      return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()];
    }),
  );
};

/** A real SMTP server on a free local port that keeps what it receives; it wants kermit/frog. */
const startSmtp = async () => {
  const received: Received[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      if (auth.username === 'kermit' && auth.password === 'frog') callback(null, { user: auth.username });
      else callback(new Error('Invalid credentials'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          recipients: session.envelope.rcptTo.map((r) => r.address),
          user: session.user as string | undefined,
          headers: headersOf(raw),
          raw,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { received, port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
};

describeEachDatabase('mail task', (kind) => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let h: EngineHarness;
  let forced: EngineHarness;
  let unreachable: EngineHarness;

  const harness = async (settings: Partial<MailServerSettings>) => {
    const harness = await createEngineHarness(kind, {
      mailServer: { ...defaultMailServerSettings, host: '127.0.0.1', ...settings },
    });
    await harness.deployFixture('mail-task.bpmn20.xml');
    return harness;
  };

  beforeAll(async () => {
    smtp = await startSmtp();
    h = await harness({
      port: smtp.port,
      username: 'kermit',
      password: 'frog',
      defaultFrom: 'weir@example.com',
    });
    forced = await harness({
      port: smtp.port,
      username: 'kermit',
      password: 'frog',
      forceTo: 'tester@example.com',
    });
    const closed = await startSmtp();
    await closed.close();
    unreachable = await harness({ port: closed.port });
  });
  afterAll(async () => {
    await h?.close();
    await forced?.close();
    await unreachable?.close();
    await smtp?.close();
  });

  const variables = async (engine: EngineHarness, id: string) =>
    (await engine.engine.query.processInstance(id))?.variables ?? {};

  it('sends to, cc and bcc with the evaluated subject, text, html and headers, logged in as the configured user', async () => {
    smtp.received.length = 0;
    const { id } = await h.engine.startProcessInstanceByKey('mailTask', {
      variables: { customer: 'kermit', orderId: 42, ccList: 'piggy@example.com, fozzie@example.com' },
    });
    expect(smtp.received).toHaveLength(1);
    const [mail] = smtp.received;
    expect(mail.user).toBe('kermit');
    expect(mail.from).toBe('orders@example.com');
    expect(mail.recipients.sort()).toEqual([
      'audit@example.com',
      'fozzie@example.com',
      'kermit@example.com',
      'piggy@example.com',
    ]);
    expect(mail.headers).toMatchObject({
      from: 'orders@example.com',
      to: 'kermit@example.com',
      cc: 'piggy@example.com, fozzie@example.com',
      subject: 'Order 42 shipped',
      'x-order-source': 'weir',
      'x-priority': '1',
    });
    // bcc recipients get the mail without being named in it
    expect(mail.headers.bcc).toBeUndefined();
    expect(mail.headers['content-type']).toContain('multipart/alternative');
    expect(mail.raw).toContain('Dear kermit, order 42 is on its way.');
    expect(mail.raw).toContain('<p>Dear <b>kermit</b>, order 42 is on its way.</p>');
    expect((await h.engine.query.tasks({ processInstanceId: id })).map((t) => t.taskDefinitionKey)).toEqual([
      'sentWait',
    ]);
  });

  it('textVar and htmlVar take the content from variables; without from the default sender is used', async () => {
    smtp.received.length = 0;
    await h.engine.startProcessInstanceByKey('mailTaskVars', {
      variables: { reportText: 'All 7 orders shipped.', reportHtml: '<h1>All 7 orders shipped.</h1>' },
    });
    const [mail] = smtp.received;
    expect(mail.from).toBe('weir@example.com');
    expect(mail.headers).toMatchObject({ to: 'gonzo@example.com', subject: 'Report' });
    expect(mail.raw).toContain('All 7 orders shipped.');
    expect(mail.raw).toContain('<h1>All 7 orders shipped.</h1>');
  });

  it('flowable.mail.server.force-to sends every mail to the forced address instead', async () => {
    smtp.received.length = 0;
    await forced.engine.startProcessInstanceByKey('mailTask', {
      variables: { customer: 'kermit', orderId: 7, ccList: 'piggy@example.com' },
    });
    const [mail] = smtp.received;
    expect([...new Set(mail.recipients)]).toEqual(['tester@example.com']);
    expect(mail.headers.to).toBe('tester@example.com');
    expect(mail.raw).not.toContain('kermit@example.com');
  });

  it('an unreachable SMTP server fails the task, and nothing of the instance is stored', async () => {
    const before = (await unreachable.engine.query.tasks()).length;
    await expect(
      unreachable.engine.startProcessInstanceByKey('mailTaskIgnore', {
        variables: { recipient: 'kermit@example.com', ignore: false },
      }),
    ).rejects.toMatchObject({
      code: 'WEIR_MAIL_TASK_FAILED',
      message: expect.stringMatching(
        /Mail task 'ignoreSend': could not send the mail through 127\.0\.0\.1: .*ECONNREFUSED/,
      ),
    });
    expect(await unreachable.engine.query.tasks()).toHaveLength(before);
  });

  it('with ignoreException the instance goes on and exceptionVariableName holds the failure', async () => {
    const { id } = await unreachable.engine.startProcessInstanceByKey('mailTaskIgnore', {
      variables: { recipient: 'kermit@example.com', ignore: true },
    });
    expect((await variables(unreachable, id)).mailError).toMatch(/ECONNREFUSED/);
    expect(
      (await unreachable.engine.query.tasks({ processInstanceId: id })).map((t) => t.taskDefinitionKey),
    ).toEqual(['ignoreWait']);
  });

  it('a mail without any recipient fails, or is ignored like any other failure', async () => {
    await expect(
      h.engine.startProcessInstanceByKey('mailTaskIgnore', { variables: { recipient: '', ignore: false } }),
    ).rejects.toMatchObject({
      code: 'WEIR_MAIL_TASK_FAILED',
      message: expect.stringContaining('no recipient'),
    });
    const { id } = await h.engine.startProcessInstanceByKey('mailTaskIgnore', {
      variables: { recipient: '', ignore: true },
    });
    expect((await variables(h, id)).mailError).toContain('no recipient');
  });

  it('a refused login fails the task with the server’s answer', async () => {
    const wrong = await harness({ port: smtp.port, username: 'kermit', password: 'toad' });
    try {
      await expect(
        wrong.engine.startProcessInstanceByKey('mailTaskIgnore', {
          variables: { recipient: 'kermit@example.com', ignore: false },
        }),
      ).rejects.toMatchObject({
        code: 'WEIR_MAIL_TASK_FAILED',
        message: expect.stringContaining('Invalid credentials'),
      });
    } finally {
      await wrong.close();
    }
  });
});
