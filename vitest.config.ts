import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // The Electron binary cannot run here: main/'s tests get a stand-in `electron` module, set up once, here.
    alias: { electron: path.join(import.meta.dirname, 'test/main/stand-in/electron.ts') },
  },
  test: {
    include: ['test/**/*.test.ts'],
    // Two files at a time on a 2-core machine: most of a test's time is waiting (on redis-server, Chromium, a timer).
    maxWorkers: 2,
    testTimeout: 20_000,
    hookTimeout: 60_000,
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
});
