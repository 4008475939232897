import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createEngineHarness, describeEachDatabase, fixture, type EngineHarness } from './harness.ts';
import { defaultHttpTaskSettings } from '../../src/engine/http-request.ts';

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** The service the models call: a real HTTP server on a free local port. */
const startService = async () => {
  const seen: Seen[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const url = req.url ?? '';
      const status = /^\/status\/(\d+)$/.exec(url);
      if (status && status[1] === '302') {
        res.writeHead(302, { location: '/orders/redirected' }).end();
      } else if (status) {
        res.writeHead(Number(status[1]), { 'content-type': 'text/plain' }).end(`status ${status[1]}`);
      } else if (url === '/redirect-away') {
        res.writeHead(307, { location: `http://localhost:${port()}/orders/1` }).end();
      } else if (url === '/slow') {
        setTimeout(() => res.writeHead(200).end('late'), 1500);
      } else if (url === '/big') {
        res.writeHead(200, { 'content-type': 'text/plain' }).end('x'.repeat(5000));
      } else if (req.method === 'POST' && url === '/orders') {
        const item = body.toString('latin1');
        res
          .writeHead(201, { 'content-type': 'application/json' })
          .end(JSON.stringify({ id: 'o-1', sent: item }));
      } else if (url.startsWith('/orders/')) {
        const id = url.slice('/orders/'.length);
        res
          .writeHead(200, { 'content-type': 'application/json', 'x-order': id })
          .end(JSON.stringify({ id, state: 'shipped' }));
      } else {
        res.writeHead(500).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = () => (server.address() as AddressInfo).port;
  return {
    seen,
    baseUrl: `http://127.0.0.1:${port()}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};

const httpFixtures = ['get', 'post', 'status', 'ignore', 'async'].map(
  (name) => `http-task-${name}.bpmn20.xml`,
);

describeEachDatabase('HTTP task', (kind) => {
  let h: EngineHarness;
  let limited: EngineHarness;
  let service: Awaited<ReturnType<typeof startService>>;

  beforeAll(async () => {
    service = await startService();
    h = await createEngineHarness(kind);
    await h.deployFixture(...httpFixtures);
    limited = await createEngineHarness(kind, {
      httpTask: { ...defaultHttpTaskSettings, allowedHosts: ['127.0.0.1'], maxResponseSize: 1000 },
    });
    await limited.deployFixture(...httpFixtures);
  });
  afterAll(async () => {
    await h?.close();
    await limited?.close();
    await service?.close();
  });

  const variables = async (id: string) => (await h.engine.query.processInstance(id))?.variables ?? {};
  const openTasks = async (id: string) =>
    (await h.engine.query.tasks({ processInstanceId: id })).map((t) => t.taskDefinitionKey);

  it('a GET sends the evaluated URL and headers and stores the response as Flowable names it', async () => {
    service.seen.length = 0;
    const { id } = await h.engine.startProcessInstanceByKey('httpTaskGet', {
      variables: { baseUrl: service.baseUrl, orderId: 42, customer: 'kermit' },
    });
    expect(service.seen).toHaveLength(1);
    expect(service.seen[0]).toMatchObject({ method: 'GET', url: '/orders/42' });
    expect(service.seen[0].headers).toMatchObject({ accept: 'application/json', 'x-customer': 'kermit' });
    const vars = await variables(id);
    expect(vars).toMatchObject({
      fetchOrderResponseStatusCode: 200,
      fetchOrderResponseReason: 'OK',
      fetchOrderResponseProtocol: 'HTTP/1.1',
      fetchOrderResponseBody: '{"id":"42","state":"shipped"}',
      fetchOrderRequestMethod: 'GET',
      fetchOrderRequestUrl: `${service.baseUrl}/orders/42`,
      fetchOrderRequestHeaders: 'Accept: application/json\nX-Customer: kermit',
      fetchOrderSaveRequestVariables: true,
    });
    expect(vars.fetchOrderResponseHeaders).toContain('x-order: 42');
    expect(vars.fetchOrderResponseHeaders).toContain('content-type: application/json');
    expect(await openTasks(id)).toEqual(['review']);
  });

  it('a POST sends its body in the given encoding; the JSON answer is stored under the prefix and the response variable name', async () => {
    service.seen.length = 0;
    const { id } = await h.engine.startProcessInstanceByKey('httpTaskPost', {
      variables: { baseUrl: service.baseUrl, item: 'crème brûlée', transientOnly: false },
    });
    const [request] = service.seen;
    expect(request.method).toBe('POST');
    expect(request.headers['content-type']).toBe('application/json; charset=ISO-8859-1');
    // ISO-8859-1: one byte per accented letter, where UTF-8 would have sent two
    expect(request.body).toEqual(Buffer.from('{"item": "crème brûlée"}', 'latin1'));
    const vars = await variables(id);
    expect(vars.order).toEqual({ id: 'o-1', sent: '{"item": "crème brûlée"}' });
    expect(vars.createdResponseStatusCode).toBe(201);
    expect(vars.createOrderResponseBody).toBeUndefined();
  });

  it('saveResponseParametersTransient keeps the response out of the stored variables', async () => {
    const { id } = await h.engine.startProcessInstanceByKey('httpTaskPost', {
      variables: { baseUrl: service.baseUrl, item: 'tea', transientOnly: true },
    });
    const vars = await variables(id);
    expect(vars.order).toBeUndefined();
    expect(vars.createdResponseStatusCode).toBeUndefined();
    expect(await openTasks(id)).toEqual(['review']);
  });

  it('handleStatusCodes raise BPMN error HTTP<status>, caught by error boundary events', async () => {
    const start = (status: number) =>
      h.engine.startProcessInstanceByKey('httpTaskStatus', {
        variables: { baseUrl: service.baseUrl, status, noRedirects: false },
      });
    const missing = await start(404);
    expect(await openTasks(missing.id)).toEqual(['missing']);
    expect((await variables(missing.id)).callResponseBody).toBe('status 404');
    const trouble = await start(503);
    expect(await openTasks(trouble.id)).toEqual(['trouble']);
    // a status in neither list does not fail the task, as in Flowable
    const teapot = await start(418);
    expect(await openTasks(teapot.id)).toEqual(['done']);
  });

  it('failStatusCodes fail the task: the caller gets the error and nothing is stored', async () => {
    const before = (await h.engine.query.tasks()).length;
    await expect(
      h.engine.startProcessInstanceByKey('httpTaskStatus', {
        variables: { baseUrl: service.baseUrl, status: 400, noRedirects: false },
        businessKey: 'bad-request',
      }),
    ).rejects.toMatchObject({ code: 'WEIR_HTTP_TASK_FAILED', message: expect.stringMatching(/^HTTP400/) });
    expect(await h.engine.query.tasks()).toHaveLength(before);
  });

  it('redirects are followed unless disallowRedirects, which treats the 3xx as the answer', async () => {
    service.seen.length = 0;
    const followed = await h.engine.startProcessInstanceByKey('httpTaskStatus', {
      variables: { baseUrl: service.baseUrl, status: 302, noRedirects: false },
    });
    expect(service.seen.map((s) => s.url)).toEqual(['/status/302', '/orders/redirected']);
    expect((await variables(followed.id)).callResponseBody).toContain('redirected');
    const stopped = await h.engine.startProcessInstanceByKey('httpTaskStatus', {
      variables: { baseUrl: service.baseUrl, status: 302, noRedirects: true },
    });
    expect(await openTasks(stopped.id)).toEqual(['done']);
    expect((await variables(stopped.id)).callResponseBody).toBeNull();
  });

  it('a request past its requestTimeout fails the task, or with ignoreException leaves its message in <prefix>ErrorMessage', async () => {
    const input = (ignore: boolean) => ({
      variables: { url: `${service.baseUrl}/slow`, timeout: 200, ignore },
    });
    await expect(h.engine.startProcessInstanceByKey('httpTaskIgnore', input(false))).rejects.toMatchObject({
      code: 'WEIR_HTTP_TASK_FAILED',
      message: expect.stringContaining('within 200 ms'),
    });
    const { id } = await h.engine.startProcessInstanceByKey('httpTaskIgnore', input(true));
    expect(await openTasks(id)).toEqual(['after']);
    expect((await variables(id)).callErrorMessage).toMatch(/within 200 ms/);
  });

  it('ignoreException also covers an unreachable server and a failing status', async () => {
    const closed = await startService();
    await closed.close();
    const unreachable = await h.engine.startProcessInstanceByKey('httpTaskIgnore', {
      variables: { url: `${closed.baseUrl}/orders/1`, timeout: 2000, ignore: true },
    });
    expect((await variables(unreachable.id)).callErrorMessage).toMatch(/ECONNREFUSED|connect/i);
    const failing = await h.engine.startProcessInstanceByKey('httpTaskIgnore', {
      variables: { url: `${service.baseUrl}/status/500`, timeout: 2000, ignore: true },
    });
    expect(await variables(failing.id)).toMatchObject({
      callResponseBody: 'status 500',
      callErrorMessage: expect.stringMatching(/^HTTP500/),
    });
  });

  it('an async HTTP task that gets a failing status fails its job, which keeps its retries and succeeds later', async () => {
    const { id } = await h.engine.startProcessInstanceByKey('httpTaskAsync', {
      variables: { baseUrl: service.baseUrl, status: 503 },
    });
    const [job] = await h.engine.query.jobs({ processInstanceId: id });
    await expect(h.engine.executeJob(job.id)).rejects.toThrow(/HTTP503/);
    await h.engine.recordJobFailure(job.id, new Error('HTTP503'));
    expect((await h.engine.query.jobs({ processInstanceId: id }))[0]).toMatchObject({
      retries: 2,
      exceptionMessage: 'HTTP503',
    });
    await h.engine.setVariables(id, { status: 204 });
    expect(await h.engine.executeJob(job.id)).toBe('executed');
    expect(await openTasks(id)).toEqual(['after']);
  });

  it('the allow-list refuses other hosts, on redirects too, even with ignoreException', async () => {
    const start = (url: string) =>
      limited.engine.startProcessInstanceByKey('httpTaskIgnore', {
        variables: { url, timeout: 2000, ignore: true },
      });
    await expect(start(`http://localhost:1/orders/1`)).rejects.toMatchObject({
      code: 'WEIR_HTTP_TASK_HOST_NOT_ALLOWED',
      message: expect.stringContaining("host 'localhost'"),
    });
    service.seen.length = 0;
    await expect(start(`${service.baseUrl}/redirect-away`)).rejects.toMatchObject({
      code: 'WEIR_HTTP_TASK_HOST_NOT_ALLOWED',
    });
    expect(service.seen.map((s) => s.url)).toEqual(['/redirect-away']);
  });

  it('a response body larger than weir.http-task.max-response-size fails the task', async () => {
    await expect(
      limited.engine.startProcessInstanceByKey('httpTaskIgnore', {
        variables: { url: `${service.baseUrl}/big`, timeout: 2000, ignore: false },
      }),
    ).rejects.toMatchObject({
      code: 'WEIR_HTTP_TASK_FAILED',
      message: expect.stringContaining('larger than 1000 bytes'),
    });
  });

  it('unknown fields, a bad method, a missing URL and unsupported fields are refused at deployment, each named', async () => {
    const error = await h.engine
      .deploy({
        name: 'bad',
        resources: [
          { name: 'bad.bpmn20.xml', content: await fixture('invalid/http-task-fields.bpmn20.xml') },
        ],
      })
      .then(
        () => undefined,
        (e: unknown) => e as { code: string; message: string },
      );
    expect(error?.code).toBe('WEIR_DEPLOYMENT_INVALID');
    for (const needle of [
      "flowable:field 'requestUri' is not a field of an HTTP task",
      "an HTTP task needs a flowable:field 'requestUrl'",
      "requestMethod 'FETCH' is not one of",
      "'httpActivityBehaviorClass' is not supported",
      "'attachments' is not supported",
      "flowable:field 'subjekt' is not a field of a mail task",
    ]) {
      expect(error?.message).toContain(needle);
    }
  });
});
