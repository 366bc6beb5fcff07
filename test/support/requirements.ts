import { existsSync } from 'node:fs';
import { findRedisCli } from './redis-cluster.ts';
import { findRedisServer } from './redis-server.ts';

/** Whether this run is CI's: there a missing redis-server or Chromium fails the run instead of skipping. */
export const IN_CI = process.env.CI === 'true';

/** `npm run test:unit` (vitest.unit.config.ts): no real service is started, so what needs one is not run. */
export const UNIT_RUN = process.env.SESSION_LAB_UNIT_RUN === '1';

/**
 * Says whether a real dependency is here. Outside CI a missing one skips its tests with the reason
 * printed; in CI it throws, so the run fails.
 */
function requirement(name: string, found: boolean, reason: string): boolean {
  if (UNIT_RUN) return false;
  if (found) return true;
  if (IN_CI) throw new Error(`${name} is required when CI=true: ${reason}`);
  console.warn(`skipping ${name} tests: ${reason}`);
  return false;
}

const redis = findRedisServer();

/** The redis-server binary, or null (tests skip) outside CI. */
export const REDIS_SERVER_BIN = requirement('redis-server', redis.bin !== null, redis.reason) ? redis.bin : null;

const cli = findRedisCli();

/** The redis-cli binary that creates the test cluster, or null (Cluster tests skip) outside CI. */
export const REDIS_CLI_BIN = requirement('redis-cli', cli.bin !== null, cli.reason) ? cli.bin : null;

/** The Chromium binary the end-to-end tests drive. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Whether Chromium is here (tests skip outside CI when it is not). */
export function hasChromium(): boolean {
  return requirement(
    'chromium',
    existsSync(CHROMIUM_PATH),
    `${CHROMIUM_PATH} not found (install it: apt-get install -y chromium)`,
  );
}
