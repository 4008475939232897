/**
 * Debian's Chromium for the browser tests, driven by playwright-core (no browser download): where
 * it is, whether this machine has it, and a launch with the flags every test wants (headless, no
 * sandbox as root in CI, nothing fetched in the background that would slow or disturb a test).
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

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
