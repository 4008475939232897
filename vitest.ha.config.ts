import { defineConfig } from 'vitest/config';
import base from './vitest.config.ts';

/**
 * The database fault tests (`npm run test:ha`): they restart, stop and cut off PostgreSQL
 * servers of their own, which takes minutes, so `npm test` leaves them out and CI runs them
 * after it. Other slow tests (`*.slow.test.ts`, such as a 1 GiB upload) run here too. One file at a time: each runs its own servers and nodes on the two cores.
 */
export default defineConfig({
  test: {
    ...base.test,
    include: ['test/ha/**/*.test.ts', 'test/**/*.slow.test.ts'],
    exclude: ['**/node_modules/**'],
    maxWorkers: 1,
    fileParallelism: false,
  },
});
