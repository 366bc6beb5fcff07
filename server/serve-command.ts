import { loadConfig } from './config-sources.ts';
import { StartupError } from './errors.ts';
import { startServer } from './server.ts';

const USAGE = `usage: session-lab serve [--store auto|redis|sqlite] [--redis-url URL] [--data-dir DIR] [--port N] [...]
Every flag and its env var are listed in docs/configuration.md.`;

async function main(argv: string[]): Promise<void> {
  const [command, ...args] = argv;
  const asksHelp = (arg: string | undefined) => arg === '--help' || arg === '-h' || arg === 'help';
  if (asksHelp(command) || (command === 'serve' && args.some(asksHelp))) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (command !== 'serve') throw new StartupError(`unknown command "${command ?? ''}"\n${USAGE}`);
  const config = loadConfig(process.env, args);
  const server = await startServer(config);
  // A stray rejection in a dependency (a Redis connection dropping mid-command) is logged, never fatal.
  process.on('unhandledRejection', (reason) => {
    process.stderr.write(
      `session-lab: unhandled rejection (kept running): ${(reason as Error)?.stack ?? String(reason)}\n`,
    );
  });
  // The lab key rides in the fragment: the page reads it, and it is never sent to any server.
  process.stdout.write(
    `Session Lab is running at ${server.url}/#labKey=${server.labKey} (store: ${server.store.kind})\n`,
  );
  const stop = () =>
    void server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`session-lab: could not close cleanly: ${(error as Error).message}\n`);
        process.exit(1);
      },
    );
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const message = error instanceof StartupError ? error.message : `could not start: ${(error as Error).message}`;
  process.stderr.write(`session-lab: ${message}\n`);
  process.exit(1);
});
