import { defineConfig } from 'vitest/config';
import { SummaryLineReporter } from './test/helpers/summary-line-reporter.ts';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', new SummaryLineReporter()],
    globalSetup: ['test/helpers/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: more workers than that only add contention on PostgreSQL.
    maxWorkers: 2,
    fileParallelism: true,
  },
});
