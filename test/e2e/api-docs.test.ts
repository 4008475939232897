/**
 * `/docs` in a real Chromium (playwright-core driving Debian's /usr/bin/chromium): Swagger UI
 * renders Weir's operations under the page's own Content-Security-Policy, takes Basic
 * credentials through "Authorize", and "Try it out" calls the API with them.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpHarness, passwordOf, type HttpHarness } from '../http/harness.ts';
import { chromiumAvailable as available, launchChromium } from '../helpers/chromium.ts';

let h: HttpHarness;
let origin: string;
let browser: Browser;

describe.skipIf(!available)('Swagger UI at /docs', { timeout: 90_000 }, () => {
  beforeAll(async () => {
    h = await createHttpHarness();
    origin = await h.app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  it('lists the operations, and "Try it out" calls the API with the Basic credentials given to "Authorize"', async () => {
    const page = await browser.newPage();
    const blocked: string[] = [];
    page.on('console', (message) => {
      if (message.text().includes('Content Security Policy')) blocked.push(message.text());
    });
    await page.goto(`${origin}/docs`);

    // the operations, by tag; a tag opens to its operations, named by the document's ids
    const tags = page.locator('.opblock-tag-section');
    await page.locator('#operations-tag-Tasks').waitFor({ timeout: 60_000 });
    expect(await tags.count()).toBeGreaterThan(20);
    await page.locator('#operations-tag-Tasks').click();
    await page.locator('#operations-Tasks-getTask').waitFor();
    expect(await page.locator('#operations-Tasks-getTask').textContent()).toContain(
      '/process-api/runtime/tasks/{taskId}',
    );
    await page.locator('#operations-tag-Engine').click();
    const operation = page.locator('#operations-Engine-getEngineInfo');
    await operation.waitFor();

    await page.getByRole('button', { name: 'Authorize' }).first().click();
    const dialog = page.locator('.dialog-ux');
    await dialog.locator('input').first().fill('admin');
    await dialog.locator('input[type=password]').fill(passwordOf('admin'));
    await dialog.getByRole('button', { name: 'Apply credentials' }).click();
    await dialog.getByRole('button', { name: 'Remove authorization' }).waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();

    await operation.locator('.opblock-summary').click();
    await operation.getByRole('button', { name: 'Try it out' }).click();
    await operation.getByRole('button', { name: 'Execute' }).click();
    const status = operation.locator('.live-responses-table tbody td.response-col_status').first();
    await expect.poll(() => status.textContent(), { timeout: 30_000 }).toContain('200');
    const body = await operation.locator('.live-responses-table .microlight').first().textContent();
    expect(JSON.parse(body ?? '{}')).toMatchObject({ name: 'default', version: '0.0.0-test' });
    expect(blocked).toEqual([]);
    await page.close();
  });
});
