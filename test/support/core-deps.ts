import path from 'node:path';
import { Accounts } from '../../server/accounts/accounts.ts';
import { loadSecrets } from '../../server/auth/secrets.ts';
import type { Closers } from '../../server/closers.ts';
import { parseConfig } from '../../server/config.ts';
import type { CoreDeps } from '../../server/core-app.ts';
import { EventHub } from '../../server/inspector/event-hub.ts';
import type { KeyStore } from '../../server/store/types.ts';
import { KeyRing } from '../../server/tokens/key-ring.ts';
import { capturingLogger } from './silent-logger.ts';
import { TEST_LAB_KEY, TEST_PASSWORDS } from './test-app.ts';

/**
 * What `createCoreApp` is built from, for a test that builds the core by hand (to hand it plug-ins of its own):
 * `store`, a fresh accounts database, keys and secrets in `dataDir`, a small event hub, a capturing logger and the
 * test lab key; everything opened here is closed by `closers`. No demo accounts: seed the users the test needs.
 */
export async function coreTestDeps(
  dataDir: string,
  store: KeyStore,
  closers: Closers,
  overrides: Partial<CoreDeps> = {},
): Promise<CoreDeps> {
  const accounts = new Accounts(path.join(dataDir, 'accounts.sqlite'));
  closers.add(() => store.close());
  closers.add(() => accounts.close());
  const hub = new EventHub({ ringSize: 100, maxBufferedBytes: 1_048_576 });
  closers.add(() => hub.close());
  return {
    config: parseConfig({ dataDir, store: 'sqlite', logLevel: 'silent', demoAccounts: false }),
    store,
    storeReason: 'test',
    accounts,
    keys: await KeyRing.open(dataDir),
    hub,
    labKey: TEST_LAB_KEY,
    passwords: TEST_PASSWORDS,
    secrets: loadSecrets(dataDir),
    logger: capturingLogger().logger,
    version: '0.0.0-test',
    rendererDir: path.join(dataDir, 'no-renderer'),
    closers,
    ...overrides,
  };
}
