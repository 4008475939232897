/**
 * The browser app end to end, in a real Chromium (playwright-core driving Debian's
 * /usr/bin/chromium): two nodes on one PostgreSQL behind nginx over HTTPS, configured from
 * deploy/nginx/weir-https.conf. The admin deploys a model with a start form and a task form
 * from the browser; kermit starts it through the rendered start form (first refused: a
 * required field left empty and a wrong type, each named), attaching a file to its upload
 * field; the review task appears in fozzie's inbox (group sales) without a reload, and fozzie
 * claims it and completes it with an outcome; the instance's diagram moves on. Then the node
 * serving the browser is killed with SIGKILL and the app carries on, still signed in; signing
 * out makes the old cookie worthless on every node.
 *
 * Screenshots of each page go to test-output/screenshots (not committed). The steps share the
 * browser and the cluster and run in order.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { fileURLToPath } from 'node:url';
import { zipSync } from 'fflate';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresDatabase } from '../../src/persistence/postgres.ts';
import type { Database } from '../../src/persistence/database.ts';
import { clonePostgresDatabase } from '../helpers/database.ts';
import {
  chromiumAvailable as available,
  launchChromium,
  signInThroughForm,
  watchPolicy,
} from '../helpers/chromium.ts';
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
/** kermit's browser: he starts the process; `page` is fozzie's, who works its task. */
let kermit: Page;
let instanceId: string;
/** The node killed under the browser. */
let victim: RunningProcess;
/** What the page's Content-Security-Policy blocked: the app must need nothing it forbids. */
const policyViolations: string[] = [];

const shoot = (name: string, of: Page = page) =>
  of.screenshot({ path: `${screenshots}${name}.png`, fullPage: true });

/** GET over REST as admin, straight to the first node (asserting what the browser did). */
const rest = async <T = Record<string, unknown>>(path: string): Promise<T> => {
  const answer = await call(`${nodes[0].url}/${path}`);
  expect(answer.status, `${path}: ${answer.text}`).toBe(200);
  return answer.json<T>();
};

/** The model and its two forms, as one archive an admin uploads. */
const orderArchive = async () =>
  Buffer.from(
    zipSync({
      'review-order.bpmn20.xml': await readFile(fixture('ui-review-order.bpmn20.xml')),
      'order-start.form': await readFile(new URL('../fixtures/forms/ui-order-start.form', import.meta.url)),
      'order-review.form': await readFile(new URL('../fixtures/forms/ui-order-review.form', import.meta.url)),
    }),
  );

/** What describes a control to a screen reader: the text of its `aria-describedby` elements. */
const descriptionOf = (target: Page, label: string) =>
  target.getByLabel(label, { exact: true }).evaluate((element) =>
    (element.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .map((id: string) => element.ownerDocument.getElementById(id)?.textContent ?? '')
      .join(' ')
      .trim(),
  );

const newPage = async () => {
  const made = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1200, height: 800 } });
  return made.newPage();
};

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

const signIn = (target: Page, user: string) => signInThroughForm(target, front, user, passwordOf(user));

/** QUIC off: nginx speaks HTTP/1.1 and 2 over TCP; no component updates or sync in a test. */
const launch = () => launchChromium(['--disable-quic', '--disable-component-update', '--disable-sync']);

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
  context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1200, height: 800 } });
  page = await context.newPage();
  kermit = await newPage();
  for (const watched of [page, kermit]) watchPolicy(watched, policyViolations);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await nginx?.stop();
  await cleanUpNodeProcesses();
  await db?.close();
  await database?.drop();
});

describe.skipIf(!available)('the browser app behind nginx over HTTPS', { timeout: 60_000 }, () => {
  it('lets an admin deploy the model with its start and task forms from the browser, and shows the admin pages', async () => {
    const adminPage = await newPage();
    await signIn(adminPage, 'admin');
    await adminPage.getByRole('link', { name: 'Admin' }).click();
    await adminPage.getByRole('link', { name: 'Deployments' }).click();
    await adminPage
      .getByLabel('Deployment file (.bpmn20.xml, .form, .bar or .zip)')
      .setInputFiles({ name: 'review-order.bar', mimeType: 'application/zip', buffer: await orderArchive() });
    await adminPage.getByRole('button', { name: 'Deploy', exact: true }).click();
    await adminPage.getByRole('status').filter({ hasText: 'Deployed review-order' }).waitFor();
    // the forms came with the model: a form deployment of their own, child of the process deployment
    const forms = await rest<{ data: { key: string }[] }>(
      'form-api/form-repository/form-definitions?sort=key&latest=true',
    );
    expect(forms.data.map((form) => form.key)).toEqual(['orderReview', 'orderStart']);
    for (const [section, heading] of [
      ['Deployments', 'review-order'],
      ['Definitions', 'reviewOrder'],
      ['Jobs', 'Dead letters'],
      ['Users and groups', 'fozzie'],
      ['Cluster nodes', nodes[1].nodeId],
    ] as const) {
      await adminPage.getByRole('link', { name: 'Admin' }).click();
      await adminPage.getByRole('link', { name: section }).click();
      await expect.poll(() => adminPage.locator('main').innerText(), { timeout: 10_000 }).toContain(heading);
      await shoot(`admin-${section.toLowerCase().replace(/ /g, '-')}`, adminPage);
    }
    await adminPage.context().close();
  });

  it('signs fozzie in with a Secure, HttpOnly session cookie; the landing page lists the deployed apps', async () => {
    const app = new FormData();
    const model = JSON.stringify({
      key: 'orders',
      name: 'Order desk',
      description: 'Orders and their review',
    });
    app.append('file', new Blob([model], { type: 'application/json' }), 'orders.app');
    const deployed = await fetch(`${nodes[0].url}/app-api/app-repository/deployments`, {
      method: 'POST',
      headers: { authorization: basic('admin') },
      body: app,
    });
    expect(deployed.status, await deployed.clone().text()).toBe(201);
    await page.goto(`${front}/`);
    await shoot('sign-in');
    await signIn(page, 'fozzie');
    const [cookie] = await context.cookies();
    expect(cookie).toMatchObject({ name: 'weir_session', httpOnly: true, secure: true, sameSite: 'Lax' });
    await expect.poll(() => page.locator('main').innerText()).toContain("My groups' tasks");
    const apps = page.getByRole('region', { name: 'Apps' });
    await expect.poll(() => apps.innerText()).toContain('Order desk');
    expect(await apps.innerText()).toContain('Orders and their review (version 1)');
  });

  it('refuses a start form with a required field left empty and a wrong type, naming each, and starts nothing', async () => {
    await signIn(kermit, 'kermit');
    await kermit.getByRole('link', { name: 'Processes' }).click();
    await kermit.getByRole('button', { name: 'Start Review order' }).click();
    // the start form, its fields labelled by their names
    for (const label of ['Customer', 'Quantity', 'Deliver by', 'Purchase order'])
      await kermit.getByLabel(label, { exact: true }).waitFor();
    await shoot('start-form', kermit);
    // a number input takes 2.5 whatever its step; only the server knows it is no integer
    await kermit.getByLabel('Quantity', { exact: true }).fill('2.5');
    await kermit.getByRole('button', { name: 'Start', exact: true }).click();
    const alert = kermit.getByRole('alert');
    await expect.poll(() => alert.innerText()).toContain("field 'customer': is required");
    expect(await alert.innerText()).toContain("field 'quantity': '2.5' is not an integer");
    for (const [label, message] of [
      ['Customer', 'is required'],
      ['Quantity', "'2.5' is not an integer"],
    ]) {
      expect(await kermit.getByLabel(label, { exact: true }).getAttribute('aria-invalid')).toBe('true');
      expect(await descriptionOf(kermit, label)).toBe(message);
    }
    // what was typed stays, to be corrected
    expect(await kermit.getByLabel('Quantity', { exact: true }).inputValue()).toBe('2.5');
    await shoot('start-form-refused', kermit);
    const started = await rest<{ total: number }>(
      'process-api/runtime/process-instances?processDefinitionKey=reviewOrder',
    );
    expect(started.total).toBe(0);
    expect((await rest<{ total: number }>('form-api/form/form-instances')).total).toBe(0);
  });

  it("starts the process through its start form, with a file; the task appears in fozzie's inbox without a reload", async () => {
    // fozzie's page must not reload: a marker on window survives only without one
    await page.evaluate(() => Object.assign(globalThis, { notReloaded: true }));
    await kermit.getByLabel('Business key').fill('order-17');
    await kermit.getByLabel('Customer', { exact: true }).fill('Acme');
    // a field changed after the refusal no longer shows its message
    expect(await kermit.getByLabel('Customer', { exact: true }).getAttribute('aria-invalid')).toBeNull();
    await kermit.getByLabel('Quantity', { exact: true }).fill('3');
    await kermit.getByLabel('Deliver by', { exact: true }).fill('2027-01-15');
    // a wrong file first: removed, it is deleted, not left behind
    const purchaseOrderInput = kermit.getByLabel('Purchase order', { exact: true });
    await purchaseOrderInput.setInputFiles({
      name: 'wrong.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('no'),
    });
    await kermit.getByRole('status').filter({ hasText: 'Uploaded wrong.txt.' }).waitFor();
    const wrongHref = (await kermit.getByRole('link', { name: 'wrong.txt' }).getAttribute('href'))!;
    await kermit.getByRole('button', { name: 'Remove wrong.txt' }).click();
    await kermit.getByRole('status').filter({ hasText: 'Removed wrong.txt.' }).waitFor();
    expect((await call(`${nodes[0].url}/${wrongHref.replace(/\/data$/, '')}`)).status).toBe(404);
    await purchaseOrderInput.setInputFiles({
      name: 'po-17.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('PO 17: 3 crates'),
    });
    await kermit.getByRole('status').filter({ hasText: 'Uploaded po-17.txt.' }).waitFor();
    await shoot('start-form-filled', kermit);
    await kermit.getByRole('button', { name: 'Start', exact: true }).click();
    await kermit.getByRole('status').filter({ hasText: 'Started' }).waitFor();
    const found = await rest<{ data: { id: string }[] }>(
      'process-api/runtime/process-instances?processDefinitionKey=reviewOrder&businessKey=order-17',
    );
    expect(found.data).toHaveLength(1);
    instanceId = found.data[0].id;
    await page.getByRole('link', { name: 'Review order' }).waitFor({ timeout: 3000 });
    expect(await page.evaluate(() => (globalThis as { notReloaded?: boolean }).notReloaded)).toBe(true);
    await shoot('tasks');
  });

  it("claims the task and completes it with an outcome; the values are the process's and the diagram moves on", async () => {
    await page.getByRole('button', { name: 'Claim Review order' }).click();
    await page.getByRole('button', { name: 'Unclaim Review order' }).waitFor();
    await page.getByRole('link', { name: 'Review order' }).click();
    await page.getByRole('heading', { name: 'Review order' }).waitFor();
    // the task form shows what the start form submitted, and the file, downloadable
    const form = page.getByRole('form', { name: 'Review the order' });
    await expect.poll(() => form.getByLabel('Customer', { exact: true }).inputValue()).toBe('Acme');
    expect(await form.locator('output').innerText()).toBe('Acme orders 3');
    const file = form.getByRole('link', { name: 'po-17.txt' });
    const href = (await file.getAttribute('href'))!;
    expect(await page.evaluate((url) => fetch(url).then((r) => r.text()), href)).toBe('PO 17: 3 crates');
    await shoot('task');
    // the task's conversation: fozzie starts it and writes; the admin answers through the other
    // node's REST API, and the answer appears live over /stomp, without a reload
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
    // an outcome without the required note is refused, the note named; the task stays
    await page.getByRole('button', { name: 'Accept' }).click();
    await expect.poll(() => page.getByRole('alert').innerText()).toContain("field 'note': is required");
    expect(await page.getByLabel('Note', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect(await descriptionOf(page, 'Note')).toBe('is required');
    await shoot('task-refused');
    const tasks = await rest<{ data: { id: string; taskDefinitionKey: string }[] }>(
      `process-api/runtime/tasks?processInstanceId=${instanceId}`,
    );
    expect(tasks.data.map((task) => task.taskDefinitionKey)).toEqual(['review']);
    const reviewTaskId = tasks.data[0].id;
    expect((await rest<{ total: number }>(`form-api/form/form-instances?taskId=${reviewTaskId}`)).total).toBe(
      0,
    );

    await page.getByLabel('Note', { exact: true }).fill('Ship in two boxes');
    await page.getByRole('button', { name: 'Accept' }).click();
    await page.getByRole('heading', { name: 'Task completed' }).waitFor();
    // what the two forms submitted, as the process holds it
    const variables = await rest<{ name: string; type: string; value: unknown }[]>(
      `process-api/runtime/process-instances/${instanceId}/variables`,
    );
    const byName = Object.fromEntries(variables.map((v) => [v.name, [v.type, v.value]]));
    expect(byName).toMatchObject({
      customer: ['string', 'Acme'],
      quantity: ['long', 3],
      note: ['string', 'Ship in two boxes'],
      form_orderReview_outcome: ['string', 'accept'],
    });
    expect(String(byName.deliverBy[1])).toMatch(/^2027-01-15/);
    const purchaseOrder = await rest<{ name: string; processInstanceId: string }>(
      `content-api/content-service/content-items/${String(byName.purchaseOrder[1])}`,
    );
    expect(purchaseOrder).toMatchObject({ name: 'po-17.txt', processInstanceId: instanceId });
    const submissions = await rest<{ data: { submittedBy: string; taskId: string | null }[] }>(
      `form-api/form/form-instances?processInstanceId=${instanceId}`,
    );
    expect(submissions.data.map((s) => [s.submittedBy, s.taskId]).sort()).toEqual([
      ['fozzie', reviewTaskId],
      ['kermit', null],
    ]);

    await page.getByRole('link', { name: 'See its instance' }).click();
    const diagram = page.locator('.diagram');
    await expect.poll(() => diagram.getAttribute('data-active'), { timeout: 10_000 }).toBe('ship');
    expect(await diagram.getAttribute('data-completed')).toContain('review');
    await expect.poll(() => page.locator('.djs-element.weir-active').count()).toBe(1);
    await shoot('instance');
    expect(policyViolations).toEqual([]);
  });

  it('keeps working, still signed in, when the node serving the browser is killed', async () => {
    const served = await page.evaluate(() =>
      fetch('actuator/info').then((r) => r.json() as Promise<{ nodeId: string }>),
    );
    victim = nodes.find((node) => node.nodeId === served.nodeId)!;
    await victim.stop('SIGKILL');
    await page.getByRole('link', { name: 'Tasks' }).click();
    await page.getByRole('button', { name: 'Claim Ship order' }).click();
    await page.getByRole('button', { name: 'Unclaim Ship order' }).waitFor();
    // a task without a form: its page offers a plain Complete and shows no error
    await page.getByRole('link', { name: 'Ship order' }).click();
    await page.getByRole('heading', { name: 'Ship order' }).waitFor();
    await page.getByRole('button', { name: 'Complete' }).waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
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
