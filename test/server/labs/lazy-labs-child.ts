// A server in a process of its own that watches which modules it loads: what was loaded when it listened, after a
// first /health, and after a first lab request. argv[2]: the data dir. Sends what it saw to the parent, then exits.
import module from 'node:module';

const loaded: string[] = [];
module.registerHooks({
  load(url, context, nextLoad) {
    loaded.push(url);
    return nextLoad(url, context);
  },
});
const { parseConfig } = await import('../../../server/config.ts');
const { startServer } = await import('../../../server/server.ts');
const { PasswordHasher } = await import('../../../server/accounts/password.ts');
const { LAB_KEY_HEADER } = await import('../../../shared/lab-key.ts');

const labModules = () => loaded.filter((url) => url.includes('/server/labs/')).map((url) => url.split('/server/')[1]);
const server = await startServer(
  parseConfig({ port: 0, logLevel: 'silent', store: 'sqlite', dataDir: process.argv[2]! }),
  {
    passwords: new PasswordHasher({ N: 1_024, r: 8, p: 1 }),
  },
);
const atListen = labModules();
const health = (await fetch(`${server.url}/api/v1/health`)).status;
const afterHealth = labModules();
const lab = await fetch(`${server.url}/api/v1/lab/switches`, { headers: { [LAB_KEY_HEADER]: server.labKey } });
const afterLab = labModules();
await server.close();
process.send!({ atListen, health, afterHealth, labStatus: lab.status, afterLab }, () => process.exit(0));
