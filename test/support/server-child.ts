// A Session Lab server in a process of its own, for the fault tests: they kill it (SIGKILL) and look at what it left.
// argv[2]: JSON config overrides. Sends {url, labKey} to the parent once it listens.
import { parseConfig } from '../../server/config.ts';
import { startServer } from '../../server/server.ts';
import { PasswordHasher } from '../../server/accounts/password.ts';

const overrides = JSON.parse(process.argv[2]!) as Record<string, unknown>;
// The test logs in hundreds of times: scrypt at a test cost, as the other tests use.
const server = await startServer(parseConfig({ port: 0, logLevel: 'silent', ...overrides }), {
  passwords: new PasswordHasher({ N: 1_024, r: 8, p: 1 }),
});
process.send!({ url: server.url, labKey: server.labKey });
process.on('disconnect', () => void server.close().then(() => process.exit(0)));
