/**
 * The Conversations page in a real Chromium (playwright-core driving Debian's /usr/bin/chromium)
 * against one node on PostgreSQL, two people in two browser contexts: kermit starts a
 * conversation with fozzie from the page and writes; fozzie sees it listed with one unread
 * message, opens it, and the count drops to 0; fozzie answers and kermit's page shows the answer
 * without a reload (live over `/stomp`); with more than a page of messages, "Older messages"
 * loads the earlier ones. Kermit works by keyboard alone.
 *
 * Screenshots go to test-output/screenshots (not committed). The steps share the browsers and
 * run in order.
 */
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Browser, Locator, Page } from 'playwright-core';
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
import { ADMIN_FLAGS, addUsers, call, passwordOf } from '../cluster/harness.ts';

const screenshots = fileURLToPath(new URL('../../test-output/screenshots/', import.meta.url));
/** Boot on a busy shared machine can take long. */
const BOOT_TIMEOUT_MS = 120_000;
/** What the page loads at a time (web/pages/conversation.js). */
const PAGE = 20;

let database: ScratchDatabase;
let db: Database;
let node: string;
let browser: Browser;
let kermit: Page;
let fozzie: Page;
let conversationId: string;
/** The WebSockets kermit's page opened. */
const kermitSockets: string[] = [];
/** What the pages' Content-Security-Policy blocked: the page must need nothing it forbids. */
const policyViolations: string[] = [];

const shoot = (page: Page, name: string) =>
  page.screenshot({ path: `${screenshots}${name}.png`, fullPage: true });

/** Use a control as a keyboard user would: focus it, then Enter. */
const press = async (page: Page, control: Locator) => {
  await control.focus();
  await page.keyboard.press('Enter');
};

const newPage = async () => {
  const context = await browser.newContext({ viewport: { width: 1200, height: 800 } });
  const page = await context.newPage();
  watchPolicy(page, policyViolations);
  return page;
};

/** Sign in and open the Conversations page from the main navigation. */
const signIn = async (page: Page, user: string) => {
  await signInThroughForm(page, node, user, passwordOf(user));
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Conversations' }).click();
  await page.getByRole('heading', { name: 'Conversations', level: 1 }).waitFor();
};

const list = (page: Page) => page.getByRole('table', { name: 'My conversations' });

/** The unread count in the row of the conversation named `subject`. */
const unread = (page: Page, subject: string) =>
  list(page)
    .getByRole('row')
    .filter({ has: page.getByRole('link', { name: subject, exact: true }) })
    .locator('td')
    .nth(1)
    .innerText();

/** The texts of the messages shown in the open conversation, oldest first. */
const shown = (page: Page) =>
  page
    .getByRole('region', { name: 'Opening night' })
    .getByRole('list')
    .getByRole('listitem')
    .evaluateAll((items) => items.map((item) => (item.textContent ?? '').replace(/^.*?: /, '')));

beforeAll(async () => {
  if (!available) return;
  await mkdir(screenshots, { recursive: true });
  database = await clonePostgresDatabase();
  db = openPostgresDatabase({ url: database.url, poolSize: 2 });
  await addUsers(db);
  const started = await spawnNodeProcess({ args: [`--database.url=${database.url}`, ...ADMIN_FLAGS] });
  [node, browser] = await Promise.all([
    started.waitUntilUp(BOOT_TIMEOUT_MS).then((up) => up.url),
    launchChromium(),
  ]);
  [kermit, fozzie] = await Promise.all([newPage(), newPage()]);
  kermit.on('websocket', (socket) => kermitSockets.push(new URL(socket.url()).pathname));
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await cleanUpNodeProcesses();
  await db?.close();
  await database?.drop();
});

describe.skipIf(!available)('the Conversations page', { timeout: 60_000 }, () => {
  it('kermit starts a conversation with fozzie from the page, by keyboard, and writes', async () => {
    await signIn(kermit, 'kermit');
    const start = kermit.getByRole('form', { name: 'Start a conversation' });
    await start.getByLabel('Subject').fill('Opening night');
    await start.getByLabel('Users').fill('fozzie');
    await press(kermit, start.getByRole('button', { name: 'Start conversation' }));
    await kermit.getByRole('heading', { name: 'Opening night', level: 2 }).waitFor();
    conversationId = decodeURIComponent(new URL(kermit.url()).hash.split('/').pop()!);
    const participants = await call(`${node}/conversation-api/conversations/${conversationId}/participants`, {
      as: 'kermit',
    });
    expect(
      participants
        .json<{ user: string | null }[]>()
        .map((p) => p.user)
        .sort(),
    ).toEqual(['fozzie', 'kermit']);
    expect(await list(kermit).getByRole('link', { name: 'Opening night' }).getAttribute('aria-current')).toBe(
      'page',
    );
    await signIn(fozzie, 'fozzie');
    await list(fozzie).getByRole('link', { name: 'Opening night', exact: true }).waitFor();
    expect(await unread(fozzie, 'Opening night')).toBe('0');
    await kermit.getByLabel('Message', { exact: true }).fill('Fozzie, is the bear act ready?');
    await press(kermit, kermit.getByRole('button', { name: 'Send' }));
    await expect.poll(() => shown(kermit)).toEqual(['Fozzie, is the bear act ready?']);
    await shoot(kermit, 'conversation-kermit');
  });

  it('fozzie sees it listed with 1 unread; opening it marks it read and the count drops to 0', async () => {
    await expect.poll(() => unread(fozzie, 'Opening night'), { timeout: 10_000 }).toBe('1');
    await shoot(fozzie, 'conversations-unread');
    await list(fozzie).getByRole('link', { name: 'Opening night', exact: true }).click();
    await expect.poll(() => shown(fozzie)).toEqual(['Fozzie, is the bear act ready?']);
    await expect.poll(() => unread(fozzie, 'Opening night'), { timeout: 10_000 }).toBe('0');
    const answer = await call(`${node}/conversation-api/conversations/${conversationId}`, { as: 'fozzie' });
    expect(answer.json<{ unreadCount: number }>().unreadCount).toBe(0);
  });

  it("kermit sees fozzie's reply arrive without a reload", async () => {
    await kermit.evaluate(() => Object.assign(globalThis, { notReloaded: true }));
    await fozzie.getByLabel('Message', { exact: true }).fill('Wocka wocka! Ready.');
    await fozzie.getByRole('button', { name: 'Send' }).click();
    await expect
      .poll(() => shown(kermit), { timeout: 10_000 })
      .toEqual(['Fozzie, is the bear act ready?', 'Wocka wocka! Ready.']);
    expect(await kermit.evaluate(() => (globalThis as { notReloaded?: boolean }).notReloaded)).toBe(true);
    // live through /stomp (beside /events, which every page keeps open)
    expect(kermitSockets).toContain('/stomp');
    // shown on kermit's open page, so read there too
    await expect.poll(() => unread(kermit, 'Opening night'), { timeout: 10_000 }).toBe('0');
    await shoot(kermit, 'conversation');
  });

  it('"Older messages" loads the earlier ones when there are more than a page', async () => {
    const posted: string[] = [];
    for (let n = 1; n <= PAGE + 5; n++) {
      const text = `Rehearsal note ${n}`;
      const answer = await call(`${node}/conversation-api/conversations/${conversationId}/messages`, {
        as: 'kermit',
        body: { text },
      });
      expect(answer.status, answer.text).toBe(201);
      posted.push(text);
    }
    const all = ['Fozzie, is the bear act ready?', 'Wocka wocka! Ready.', ...posted];
    // live on fozzie's open page, all of them, in order
    await expect.poll(() => shown(fozzie), { timeout: 10_000 }).toEqual(all);
    // opened afresh: the latest page, then the rest a page at a time
    await fozzie.reload();
    await expect.poll(() => shown(fozzie)).toEqual(all.slice(-PAGE));
    const older = fozzie.getByRole('button', { name: 'Older messages' });
    await press(fozzie, older);
    await expect.poll(() => shown(fozzie)).toEqual(all);
    await older.waitFor({ state: 'detached' });
    expect(policyViolations).toEqual([]);
  });
});
