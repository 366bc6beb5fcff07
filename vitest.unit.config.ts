import path from 'node:path';
import { defineConfig } from 'vitest/config';

// `npm run test:unit`: the fast tests alone. No redis-server, no Redis Cluster, no Chromium, no child servers (the
// tests that need one are not run: test/support/requirements.ts answers "absent" without looking); the integration
// tests that need nothing but SQLite files run on them.
export default defineConfig({
  resolve: { alias: { electron: path.join(import.meta.dirname, 'test/main/stand-in/electron.ts') } },
  test: {
    include: ['test/{server,renderer,lint,docs}/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    env: { SESSION_LAB_UNIT_RUN: '1' },
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
});
