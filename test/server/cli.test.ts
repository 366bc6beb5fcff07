import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const SOURCE = new URL('../../server/cli.ts', import.meta.url).pathname;
const BUNDLE = new URL('../../dist/cli/cli.js', import.meta.url).pathname;
// The bundled CLI (`npm run build:cli`, what `npm run serve` runs) answers as its sources do, when it is built.
const CLIS = [['server/cli.ts', SOURCE], ...(existsSync(BUNDLE) ? [['dist/cli/cli.js', BUNDLE]] : [])];
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sl-cli-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

type CliResult = SpawnSyncReturns<string>;

function expectOneLineFailure(result: CliResult, message: RegExp) {
  expect(result.status).not.toBe(0);
  const lines = result.stderr.split('\n').filter(Boolean);
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^session-lab: /);
  expect(lines[0]).toMatch(message);
  expect(result.stderr).not.toMatch(/\s+at .+:\d+:\d+/);
}

describe.each(CLIS)('session-lab CLI (%s)', (_, CLI) => {
  function runCli(args: string[], env: NodeJS.ProcessEnv = {}): CliResult {
    return spawnSync(process.execPath, [CLI!, ...args], {
      encoding: 'utf8',
      timeout: 15_000,
      env: { PATH: process.env.PATH, HOME: dataDir, REDIS_URL: 'redis://127.0.0.1:1', ...env },
    });
  }

  it('serve prints the URL and answers on it (a lab route too), then stops on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      [CLI!, 'serve', '--store', 'sqlite', '--data-dir', dataDir, '--log-level', 'silent'],
      {
        env: { PATH: process.env.PATH, HOME: dataDir },
      },
    );
    const [url, labKey] = await new Promise<[string, string]>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /running at (http:\/\/127\.0\.0\.1:\d+)\/#labKey=([A-Za-z0-9_-]{32}) \(store: sqlite\)/.exec(out);
        if (match) resolve([match[1]!, match[2]!]);
      });
      child.once('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
    });
    const health = (await (await fetch(`${url}/api/v1/health`)).json()) as { store: { kind: string } };
    expect(health.store.kind).toBe('sqlite');
    // The labs load on this first request to one of their routes.
    const switches = await fetch(`${url}/api/v1/lab/switches`, { headers: { 'X-Lab-Key': labKey } });
    expect([switches.status, await switches.json()]).toEqual([200, { changed: [] }]);
    const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
  });

  it('rejects an invalid REDIS_URL in one line', () => {
    expectOneLineFailure(
      runCli(['serve', '--data-dir', dataDir], { REDIS_URL: '{"host":"x"}' }),
      /invalid --redis-url \(REDIS_URL\)/,
    );
  });

  it('rejects a data dir it cannot write in one line', () => {
    const file = path.join(dataDir, 'plain-file');
    writeFileSync(file, '');
    expectOneLineFailure(
      runCli(['serve', '--store', 'sqlite', '--data-dir', path.join(file, 'sub')]),
      /cannot use data dir .* ENOTDIR/,
    );
  });

  it('rejects a port in use in one line', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as net.AddressInfo;
    const result = await new Promise<CliResult>((resolve) => {
      // spawnSync would block the event loop that holds the port; run it asynchronously.
      const child = spawn(
        process.execPath,
        [CLI!, 'serve', '--store', 'sqlite', '--data-dir', dataDir, '--port', String(port)],
        {
          env: { PATH: process.env.PATH, HOME: dataDir },
        },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('exit', (status) => resolve({ status, stdout, stderr } as CliResult));
    });
    blocker.close();
    expectOneLineFailure(result, new RegExp(`port ${port} on 127\\.0\\.0\\.1 is already in use`));
  });

  it('rejects an unknown flag or command in one line', () => {
    expectOneLineFailure(runCli(['serve', '--colour', 'blue']), /Unknown option '--colour'/);
    const unknown = runCli(['launch']);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/^session-lab: unknown command "launch"/);
  });

  it('prints its usage for --help, before or after serve, and starts nothing', () => {
    for (const args of [['--help'], ['-h'], ['serve', '--help'], ['serve', '--store', 'sqlite', '-h']]) {
      const result = runCli(args);
      expect(result.status, args.join(' ')).toBe(0);
      expect(result.stdout).toMatch(/^usage: session-lab serve /);
      expect(result.stdout).toMatch(/docs\/configuration\.md/);
    }
  });
});
