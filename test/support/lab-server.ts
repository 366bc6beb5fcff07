import { afterAll, afterEach, beforeAll } from 'vitest';
import { seedUsers } from './seed-users.ts';
import type { Backend } from './backends.ts';
import { LabClient, serve, type Served } from './lab-client.ts';
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

/** An app of its own for each test of a describe block over `backend`: {@link useAppPerTest}. */
export interface AppPerTest {
  /** The running test's app (after {@link AppPerTest.start}). */
  readonly t: TestApp;
  /** The running test's server. */
  readonly served: Served;
  /**
   * Starts this test's app over a fresh store of the backend (closing one the test started before), with the demo
   * users unless `seed` makes the accounts itself; answers a client of its own for it.
   */
  start(options?: Omit<TestAppOptions, 'store'>, seed?: (t: TestApp) => Promise<void> | void): Promise<LabClient>;
  /** Closes the running test's app (each test's end does it too). */
  close(): Promise<void>;
}

/**
 * Registers the hooks of a describe block whose tests each start their own app (each with its own config, clock or
 * hasher) over a fresh store of `backend`, and close it when the test ends.
 */
export function useAppPerTest(backend: Backend): AppPerTest {
  let t: TestApp | undefined;
  let served: Served | undefined;
  const close = async () => {
    await served?.close();
    await t?.close();
    served = undefined;
    t = undefined;
  };
  beforeAll(() => backend.setup(), 30_000);
  afterAll(() => backend.teardown());
  afterEach(close);
  return {
    get t() {
      if (!t) throw new Error('start() the app first');
      return t;
    },
    get served() {
      if (!served) throw new Error('start() the app first');
      return served;
    },
    async start(options = {}, seed = async (app) => void (await seedUsers(app.accounts))) {
      await close();
      t = await testApp({ ...options, store: await backend.fresh() });
      await seed(t);
      served = await serve(t.app);
      return new LabClient(served.url);
    },
    close,
  };
}
