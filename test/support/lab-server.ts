import { afterAll, beforeAll } from 'vitest';
import { seedUsers } from './seed-users.ts';
import type { Backend } from './backends.ts';
import { serve, type Served } from './lab-client.ts';
import { testApp, type TestApp, type TestAppOptions } from './test-app.ts';

/** A served app with the demo users, filled in by `beforeAll` of the enclosing describe block. */
export interface LabServer {
  t: TestApp;
  served: Served;
}

/**
 * Registers the hooks that serve one app (over `backend`'s store, or SQLite) for a describe block, with
 * the demo accounts, and tear it down after. Read `lab.t` and `lab.served` inside the tests.
 */
export function useLabServer(backend?: Backend, options: Omit<TestAppOptions, 'store'> = {}): LabServer {
  const lab = {} as LabServer;
  beforeAll(async () => {
    await backend?.setup();
    lab.t = await testApp({ ...options, ...(backend ? { store: await backend.fresh() } : {}) });
    await seedUsers(lab.t.accounts);
    lab.served = await serve(lab.t.app);
  }, 30_000);
  afterAll(async () => {
    await lab.served?.close();
    await lab.t?.close();
    await backend?.teardown();
  });
  return lab;
}
