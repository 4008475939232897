import { defineConfig } from 'vitest/config';
import { SummaryLineReporter } from './test/helpers/summary-line-reporter.ts';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The database fault tests and the slow ones run on their own: `npm run test:ha`
    // (vitest.ha.config.ts).
    exclude: ['test/ha/**', 'test/**/*.slow.test.ts', '**/node_modules/**'],
    reporters: ['default', new SummaryLineReporter()],
    globalSetup: ['test/helpers/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // `expect.poll` waits for what a page or a node shows; its 1 s default is too short on a
    // busy two-core machine (a browser page re-rendering after a redirect took longer).
    expect: { poll: { timeout: 10_000 } },
    // Two cores: more workers than that only add contention on PostgreSQL.
    maxWorkers: 2,
    fileParallelism: true,
  },
});
