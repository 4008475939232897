/**
 * Cases in the browser app, beside process instances, in a real Chromium (playwright-core driving
 * Debian's /usr/bin/chromium) against one node on PostgreSQL: a case model deployed, the admin
 * starts a case from the start page, finds it under "Cases", opens it and sees its plan items
 * (the stage's human task nested under the stage), follows the task's link and works the task by
 * keyboard alone (a due date, a comment, Complete), and the plan items move on: the stage completes, the milestone occurs and starts the next task.
 * That task completed over REST while the case page is open, the page follows without a reload.
 *
 * Screenshots go to test-output/screenshots (not committed). The steps share the browser and
 * run in order.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clonePostgresDatabase } from '../helpers/database.ts';
import { chromiumAvailable as available, launchChromium, watchPolicy } from '../helpers/chromium.ts';
import type { ScratchDatabase } from '../helpers/database.ts';
import { cleanUpNodeProcesses, spawnNodeProcess } from '../helpers/node-process.ts';
import { ADMIN_FLAGS, basic, call, passwordOf } from '../cluster/harness.ts';

const screenshots = fileURLToPath(new URL('../../test-output/screenshots/', import.meta.url));
/** Boot on a busy shared machine can take long. */
const BOOT_TIMEOUT_MS = 120_000;

let database: ScratchDatabase;
let node: string;
let browser: Browser;
let page: Page;
let caseId: string;
/** What the page's Content-Security-Policy blocked: the case pages must need nothing it forbids. */
const policyViolations: string[] = [];

const shoot = (name: string) => page.screenshot({ path: `${screenshots}${name}.png`, fullPage: true });

/** The plan items table as a person reads it: name, type, state and stage of each row, in order. */
const planItems = () =>
  page
    .getByRole('table', { name: 'Plan items' })
    .locator('tbody tr')
    .evaluateAll((rows) =>
      rows.map((row) =>
        [...row.querySelectorAll('th, td')].slice(0, 4).map((cell) => (cell.textContent ?? '').trim()),
      ),
    );

/** Use a control as a keyboard user would: focus it, then Enter. */
const press = async (control: Locator) => {
  await control.focus();
  await page.keyboard.press('Enter');
};

/** The rows by name, for comparisons that do not depend on the order of items created together. */
const byName = (rows: string[][]) => [...rows].sort((a, b) => a[0].localeCompare(b[0]));

beforeAll(async () => {
  if (!available) return;
  await mkdir(screenshots, { recursive: true });
  database = await clonePostgresDatabase();
  const started = await spawnNodeProcess({ args: [`--database.url=${database.url}`, ...ADMIN_FLAGS] });
  [node, browser] = await Promise.all([
    started.waitUntilUp(BOOT_TIMEOUT_MS).then((up) => up.url),
    launchChromium(),
  ]);
  const model = new FormData();
  model.append(
    'file',
    new Blob([await readFile(new URL('../fixtures/cmmn/ui-handle-claim.cmmn', import.meta.url))]),
    'handle-claim.cmmn',
  );
  const deployed = await fetch(`${node}/cmmn-api/cmmn-repository/deployments`, {
    method: 'POST',
    headers: { authorization: basic('admin') },
    body: model,
  });
  expect(deployed.status, await deployed.clone().text()).toBe(201);
  const context = await browser.newContext({ viewport: { width: 1200, height: 800 } });
  page = await context.newPage();
  watchPolicy(page, policyViolations);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await cleanUpNodeProcesses();
  await database?.drop();
});

describe.skipIf(!available)('cases in the browser app', { timeout: 60_000 }, () => {
  it('starts a deployed case from the start page', async () => {
    await page.goto(`${node}/`);
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill(passwordOf('admin'));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Processes' }).click();
    const cases = page.getByRole('region', { name: 'Start a case' });
    await cases.getByRole('button', { name: 'Start case Handle claim' }).click();
    await cases.getByRole('status').filter({ hasText: 'Started case Handle claim' }).waitFor();
    const running = await call(`${node}/cmmn-api/cmmn-runtime/case-instances?caseDefinitionKey=handleClaim`);
    const listed = running.json<{ data: { id: string; startUserId: string }[] }>().data;
    expect(listed).toHaveLength(1);
    expect(listed[0].startUserId).toBe('admin');
    caseId = listed[0].id;
    await shoot('case-start');
  });

  it('lists the case under Cases, a link in the navigation, beside Instances', async () => {
    const navigation = page.getByRole('navigation', { name: 'Main' });
    const names = await navigation.getByRole('link').allInnerTexts();
    expect(names.indexOf('Cases')).toBe(names.indexOf('Instances') + 1);
    await navigation.getByRole('link', { name: 'Cases' }).click();
    const table = page.getByRole('table', { name: 'Case instances' });
    const name = `Handle claim ${caseId.slice(0, 8)}`;
    const link = table.getByRole('link', { name });
    await link.waitFor();
    const row = table.getByRole('row').filter({ has: page.getByRole('link', { name }) });
    expect(await row.locator('td').allInnerTexts()).toEqual(
      expect.arrayContaining(['Handle claim', 'active']),
    );
    await shoot('cases');
    await link.click();
    await page.getByRole('heading', { name: /Handle claim/ }).waitFor();
  });

  it("shows the case's plan items with their type and state, the stage's task nested under the stage", async () => {
    await expect
      .poll(async () => byName(await planItems()))
      .toEqual([
        ['Assess damage', 'Human task', 'active', 'Assessment'],
        ['Assessed', 'Milestone', 'available', ''],
        ['Assessment', 'Stage', 'active', ''],
        ['Call the customer', 'Human task', 'enabled', ''],
        ['Pay out', 'Human task', 'available', ''],
      ]);
    // tree order: the stage's own item right below it
    const names = (await planItems()).map((row) => row[0]);
    expect(names[names.indexOf('Assessment') + 1]).toBe('Assess damage');
    expect(await page.getByRole('status').innerText()).toMatch(/^Active since/);
    await shoot('case');
  });

  it('disables, enables and starts the item activated by hand, from its buttons; its task is unclaimed and claimed', async () => {
    const stateOf = async (name: string) => (await planItems()).find((row) => row[0] === name)?.[2];
    const plan = page.getByRole('table', { name: 'Plan items' });
    await plan.getByRole('button', { name: 'Disable Call the customer' }).click();
    await expect.poll(() => stateOf('Call the customer')).toBe('disabled');
    expect(await plan.getByRole('button').allInnerTexts()).toEqual(['Enable']);
    await plan.getByRole('button', { name: 'Enable Call the customer' }).click();
    await expect.poll(() => stateOf('Call the customer')).toBe('enabled');
    await plan.getByRole('button', { name: 'Start Call the customer' }).click();
    await expect.poll(() => stateOf('Call the customer')).toBe('active');
    expect(await plan.getByRole('button').count()).toBe(0);
    // started, the task is there, and its name links to it
    expect((await plan.getByRole('link').allInnerTexts()).sort()).toEqual([
      'Assess damage',
      'Call the customer',
    ]);
    // on its page: unclaimed and claimed again; its Case link leads back
    await plan.getByRole('link', { name: 'Call the customer' }).click();
    await page.getByRole('heading', { name: 'Call the customer' }).waitFor();
    const taskId = decodeURIComponent(new URL(page.url()).hash.split('/').pop()!);
    const assignee = async () =>
      (await call(`${node}/process-api/runtime/tasks/${taskId}`)).json<{ assignee: string | null }>()
        .assignee;
    await page.getByRole('button', { name: 'Unclaim', exact: true }).click();
    await page.getByRole('button', { name: 'Claim', exact: true }).waitFor();
    expect(await assignee()).toBeNull();
    await page.getByRole('button', { name: 'Claim', exact: true }).click();
    await page.getByRole('button', { name: 'Unclaim', exact: true }).waitFor();
    expect(await assignee()).toBe('admin');
    await page.getByRole('link', { name: caseId, exact: true }).click();
    await page.getByRole('table', { name: 'Plan items' }).waitFor();
  });

  it("works the stage's task from its link, by keyboard alone; the stage completes, the milestone occurs, the next task starts", async () => {
    const plan = page.getByRole('table', { name: 'Plan items' });
    await press(plan.getByRole('link', { name: 'Assess damage' }));
    await page.getByRole('heading', { name: 'Assess damage' }).waitFor();
    const taskId = decodeURIComponent(new URL(page.url()).hash.split('/').pop()!);
    // a case's task has the whole task page: a due date and a comment, then Complete
    await page.getByLabel('Due date', { exact: true }).fill('2027-02-01');
    await press(page.getByRole('button', { name: 'Set due date' }));
    await expect
      .poll(
        async () =>
          (await call(`${node}/process-api/runtime/tasks/${taskId}`)).json<{ dueDate: string }>().dueDate,
      )
      .toMatch(/^2027-02-01/);
    await page.getByLabel('Comment', { exact: true }).fill('Photos attached to the claim');
    await press(page.getByRole('button', { name: 'Add comment' }));
    await page.getByRole('region', { name: 'Comments' }).getByText('Photos attached to the claim').waitFor();
    await shoot('case-task');
    await press(page.getByRole('button', { name: 'Complete' }));
    await page.getByRole('heading', { name: 'Task completed' }).waitFor();
    await press(page.getByRole('link', { name: 'See its case' }));
    await expect
      .poll(async () => byName(await planItems()))
      .toEqual([
        ['Assess damage', 'Human task', 'completed', 'Assessment'],
        ['Assessed', 'Milestone', 'completed', ''],
        ['Assessment', 'Stage', 'completed', ''],
        ['Call the customer', 'Human task', 'active', ''],
        ['Pay out', 'Human task', 'active', ''],
      ]);
    // only a task that is active links to its task page
    expect((await plan.getByRole('link').allInnerTexts()).sort()).toEqual(['Call the customer', 'Pay out']);
    await shoot('case-moved-on');
  });

  it('follows tasks completed elsewhere without a reload, up to the end of the case', async () => {
    await page.evaluate(() => Object.assign(globalThis, { notReloaded: true }));
    const tasks = await call(`${node}/process-api/runtime/tasks?scopeId=${caseId}&sort=name`);
    const open = tasks.json<{ data: { id: string; name: string; scopeType: string }[] }>().data;
    expect(open.map((task) => [task.name, task.scopeType])).toEqual([
      ['Call the customer', 'cmmn'],
      ['Pay out', 'cmmn'],
    ]);
    for (const task of open) {
      const completed = await call(`${node}/process-api/runtime/tasks/${task.id}`, {
        body: { action: 'complete' },
      });
      expect(completed.status, completed.text).toBe(200);
    }
    await expect
      .poll(async () => (await planItems()).filter((row) => row[2] !== 'completed'), { timeout: 10_000 })
      .toEqual([]);
    await expect.poll(() => page.getByRole('status').innerText()).toMatch(/^Completed/);
    expect(await page.getByRole('table', { name: 'Plan items' }).getByRole('link').count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as { notReloaded?: boolean }).notReloaded)).toBe(true);
    await shoot('case-completed');
    // the list's filter: the case is no longer running, and is among the ended ones
    await page.getByRole('link', { name: 'Cases' }).click();
    const filters = page.getByRole('form', { name: 'Filter cases' });
    const listed = page.getByRole('table', { name: 'Case instances' });
    await expect.poll(() => listed.locator('tbody').innerText()).toBe('None.');
    await filters.getByLabel('State').selectOption({ label: 'Ended' });
    await filters.getByRole('button', { name: 'Filter' }).click();
    await listed.getByRole('link', { name: `Handle claim ${caseId.slice(0, 8)}` }).waitFor();
    expect(policyViolations).toEqual([]);
  });
});
