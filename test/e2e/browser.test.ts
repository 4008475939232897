/**
 * The browser app end to end, in a real Chromium (playwright-core driving Debian's
 * /usr/bin/chromium): two nodes on one PostgreSQL behind nginx over HTTPS, configured from
 * deploy/nginx/weir-https.conf. fozzie (group sales) works a task that the other node created;
 * then the node serving the browser is killed with SIGKILL and the app carries on, still
 * signed in; signing out makes the old cookie worthless on every node.
 *
 * Screenshots of each page go to test-output/screenshots (not committed). The steps share the
 * browser and the cluster and run in order.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresDatabase } from '../../src/persistence/postgres.ts';
import type { Database } from '../../src/persistence/database.ts';
import { clonePostgresDatabase } from '../helpers/database.ts';
import type { ScratchDatabase } from '../helpers/database.ts';
import { cleanUpNodeProcesses, spawnNodeProcess } from '../helpers/node-process.ts';
import type { NodeProcess } from '../helpers/node-process.ts';
import {
  ADMIN_FLAGS,
  addUsers,
  basic,
  call,
  fixture,
  passwordOf,
  startTestNginx,
} from '../cluster/harness.ts';
import type { TestNginx } from '../cluster/harness.ts';

const CHROMIUM = '/usr/bin/chromium';
const screenshots = fileURLToPath(new URL('../../test-output/screenshots/', import.meta.url));

type RunningProcess = NodeProcess & { readonly url: string; readonly port: number; readonly nodeId: string };

let database: ScratchDatabase;
let db: Database;
let nodes: RunningProcess[];
let nginx: TestNginx;
let front: string;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let instanceId: string;
/** The node killed under the browser. */
let victim: RunningProcess;
/** What the page's Content-Security-Policy blocked: the app must need nothing it forbids. */
const policyViolations: string[] = [];

const shoot = (name: string) => page.screenshot({ path: `${screenshots}${name}.png`, fullPage: true });

/** A request straight to one node with only a cookie, as a stolen cookie would be used. */
const withCookie = (nodeUrl: string, cookie: string) =>
  new Promise<number>((resolve, reject) => {
    const req = httpRequest(
      `${nodeUrl}/process-api/runtime/tasks`,
      { headers: { cookie: `weir_session=${cookie}` }, agent: false },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end();
  });

const signIn = async (target: Page, user: string) => {
  await target.goto(`${front}/`);
  await target.getByLabel('Username').fill(user);
  await target.getByLabel('Password').fill(passwordOf(user));
  await target.getByRole('button', { name: 'Sign in' }).click();
  await target.getByRole('link', { name: 'Tasks' }).waitFor();
};

const launch = () =>
  chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--headless',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });

const available = existsSync(CHROMIUM);

/** Boot on a busy shared machine can take long; give it more than the helper's default. */
const BOOT_TIMEOUT_MS = 120_000;

const startNode = async (args: string[]): Promise<RunningProcess> => {
  const node = await spawnNodeProcess({ args });
  return Object.assign(node, await node.waitUntilUp(BOOT_TIMEOUT_MS));
};

beforeAll(async () => {
  if (!available) return;
  await mkdir(screenshots, { recursive: true });
  database = await clonePostgresDatabase();
  db = openPostgresDatabase({ url: database.url, poolSize: 2 });
  await addUsers(db);
  const args = [`--database.url=${database.url}`, ...ADMIN_FLAGS];
  [nodes, browser] = await Promise.all([Promise.all([startNode(args), startNode(args)]), launch()]);
  nginx = await startTestNginx(
    'https',
    nodes.map((node) => node.port),
  );
  front = `https://localhost:${nginx.httpsPort}`;
  // the model, deployed over REST as an operator's script would
  const xml = await readFile(fixture('ui-review-order.bpmn20.xml'));
  const boundary = '----weir-e2e';
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="review-order.bpmn20.xml"\r\n\r\n`,
    ),
    xml,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const deployed = await fetch(`${nodes[0].url}/process-api/repository/deployments`, {
    method: 'POST',
    headers: { authorization: basic('admin'), 'content-type': `multipart/form-data; boundary=${boundary}` },
    body,
  });
  expect(deployed.status).toBe(201);
  context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1200, height: 800 } });
  page = await context.newPage();
  page.on('console', (message) => {
    if (message.text().includes('Content Security Policy')) policyViolations.push(message.text());
  });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await nginx?.stop();
  await cleanUpNodeProcesses();
  await db?.close();
  await database?.drop();
});

describe.skipIf(!available)('the browser app behind nginx over HTTPS', { timeout: 60_000 }, () => {
  it('shows the admin pages to an admin', async () => {
    const admin = await context
      .browser()!
      .newContext({ ignoreHTTPSErrors: true, viewport: { width: 1200, height: 800 } });
    const adminPage = await admin.newPage();
    await signIn(adminPage, 'admin');
    for (const [section, heading] of [
      ['Deployments', 'review-order.bpmn20.xml'],
      ['Definitions', 'reviewOrder'],
      ['Jobs', 'Dead letters'],
      ['Users and groups', 'fozzie'],
      ['Cluster nodes', nodes[1].nodeId],
    ] as const) {
      await adminPage.getByRole('link', { name: 'Admin' }).click();
      await adminPage.getByRole('link', { name: section }).click();
      await expect.poll(() => adminPage.locator('main').innerText(), { timeout: 10_000 }).toContain(heading);
      await adminPage.screenshot({
        path: `${screenshots}admin-${section.toLowerCase().replace(/ /g, '-')}.png`,
        fullPage: true,
      });
    }
    await admin.close();
  });

  it('signs fozzie in with a Secure, HttpOnly session cookie', async () => {
    await page.goto(`${front}/`);
    await shoot('sign-in');
    await signIn(page, 'fozzie');
    const [cookie] = await context.cookies();
    expect(cookie).toMatchObject({ name: 'weir_session', httpOnly: true, secure: true, sameSite: 'Lax' });
    await expect.poll(() => page.locator('main').innerText()).toContain("My groups' tasks");
  });

  it('shows a task created on the other node in the inbox without a reload', async () => {
    const served = await page.evaluate(() =>
      fetch('actuator/info').then((r) => r.json() as Promise<{ nodeId: string }>),
    );
    const other = nodes.find((node) => node.nodeId !== served.nodeId)!;
    // the page must not reload: a marker on window survives only without one
    await page.evaluate(() => Object.assign(globalThis, { notReloaded: true }));
    // let the event stream connect and subscribe
    await page.waitForTimeout(500);
    const started = await call(`${other.url}/process-api/runtime/process-instances`, {
      body: { processDefinitionKey: 'reviewOrder', businessKey: 'order-17' },
    });
    expect(started.status).toBe(201);
    instanceId = started.json<{ id: string }>().id;
    await page.getByRole('link', { name: 'Review order' }).waitFor({ timeout: 3000 });
    expect(await page.evaluate(() => (globalThis as { notReloaded?: boolean }).notReloaded)).toBe(true);
    await shoot('tasks');
  });

  it('claims and completes the task; the diagram moves on', async () => {
    await page.getByRole('button', { name: 'Claim Review order' }).click();
    await page.getByRole('button', { name: 'Unclaim Review order' }).waitFor();
    await page.getByRole('link', { name: 'Review order' }).click();
    await page.getByRole('heading', { name: 'Review order' }).waitFor();
    await shoot('task');
    // the task's conversation: fozzie starts it and writes; the admin answers through the other
    // node's REST API, and the answer appears by long polling, without a reload
    await page.getByRole('button', { name: "Start a conversation with the task's people" }).click();
    await page.getByLabel('Message').fill('Is the order paid?');
    await page.getByRole('button', { name: 'Send' }).click();
    const conversation = page.getByRole('region', { name: 'Conversation' });
    await conversation.getByText('Is the order paid?').waitFor();
    const taskId = decodeURIComponent(new URL(page.url()).hash.split('/').pop()!);
    const served = await page.evaluate(() =>
      fetch('actuator/info').then((r) => r.json() as Promise<{ nodeId: string }>),
    );
    const other = nodes.find((node) => node.nodeId !== served.nodeId) ?? nodes[0];
    const found = await call(`${other.url}/conversation-api/conversations?taskId=${taskId}`);
    const conversationId = found.json<{ data: { id: string }[] }>().data[0].id;
    const answered = await call(`${other.url}/conversation-api/conversations/${conversationId}/messages`, {
      body: { text: 'Yes, paid yesterday.' },
    });
    expect(answered.status).toBe(201);
    await conversation.getByText('Yes, paid yesterday.').waitFor({ timeout: 10_000 });
    await shoot('task-conversation');
    // no form for this task: the form endpoint answers 404 and the page offers a plain Complete
    await page.getByRole('button', { name: 'Complete' }).click();
    await page.getByRole('heading', { name: 'Task completed' }).waitFor();
    await page.getByRole('link', { name: 'See its instance' }).click();
    const diagram = page.locator('.diagram');
    await expect.poll(() => diagram.getAttribute('data-active'), { timeout: 10_000 }).toBe('ship');
    expect(await diagram.getAttribute('data-completed')).toContain('review');
    await expect.poll(() => page.locator('.djs-element.weir-active').count()).toBe(1);
    await shoot('instance');
    expect(policyViolations).toEqual([]);
  });

  it.todo('starts the process through its start form and completes a task with an outcome (the form engine)');

  it('keeps working, still signed in, when the node serving the browser is killed', async () => {
    const served = await page.evaluate(() =>
      fetch('actuator/info').then((r) => r.json() as Promise<{ nodeId: string }>),
    );
    victim = nodes.find((node) => node.nodeId === served.nodeId)!;
    await victim.stop('SIGKILL');
    await page.getByRole('link', { name: 'Tasks' }).click();
    await page.getByRole('button', { name: 'Claim Ship order' }).click();
    await page.getByRole('button', { name: 'Unclaim Ship order' }).waitFor();
    const now = await page.evaluate(() =>
      fetch('actuator/info').then((r) => r.json() as Promise<{ nodeId: string }>),
    );
    expect(now.nodeId).not.toBe(victim.nodeId);
    await page.getByRole('link', { name: 'Processes' }).click();
    await page.getByRole('button', { name: 'Start Review order' }).waitFor();
    await shoot('processes');
    await page.getByRole('link', { name: 'Instances' }).click();
    await page.getByRole('link', { name: new RegExp(`Review order ${instanceId.slice(0, 8)}`) }).waitFor();
    await shoot('instances');
  });

  it('signs out: the old cookie is refused by every node still running', async () => {
    const [cookie] = await context.cookies();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    const survivor = nodes.find((node) => node !== victim)!;
    expect(await withCookie(survivor.url, cookie.value)).toBe(401);
    await expect(withCookie(victim.url, cookie.value)).rejects.toThrow(/ECONNREFUSED/);
    const viaNginx = await page.evaluate(() =>
      fetch('process-api/runtime/tasks', { headers: { 'X-Requested-With': 'test' } }).then((r) => r.status),
    );
    expect(viaNginx).toBe(401);
  });
});
