/**
 * Debian's Chromium for the browser tests, driven by playwright-core (no browser download): where
 * it is, whether this machine has it, and a launch with the flags every test wants (headless, no
 * sandbox as root in CI, nothing fetched in the background that would slow or disturb a test).
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/** Tests that need a browser are skipped, not failed, on a machine without it. */
export const chromiumAvailable = existsSync(CHROMIUM);

/** @param extraArgs more Chromium flags, for a test that needs them */
export const launchChromium = (extraArgs: readonly string[] = []): Promise<Browser> =>
  chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--headless',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      ...extraArgs,
    ],
  });

/** Collect in `violations` what the page's Content-Security-Policy blocks (a test expects none). */
export const watchPolicy = (page: Page, violations: string[]): void => {
  page.on('console', (message) => {
    if (message.text().includes('Content Security Policy')) violations.push(message.text());
  });
};

/** Sign in on the app's own form at `base`, and wait for the signed-in app. */
export const signInThroughForm = async (page: Page, base: string, user: string, password: string) => {
  await page.goto(`${base}/`);
  await page.getByLabel('Username').fill(user);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('link', { name: 'Tasks' }).waitFor();
};
