import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MIN_NODE_VERSION, nodeVersionProblem, RECOMMENDED_NODE_MAJOR } from '../../shared/node-version.ts';

const root = path.join(import.meta.dirname, '../..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');
const work = mkdtempSync(path.join(os.tmpdir(), 'sl-node-version-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A preload that makes this Node say it is 20.19.0, as a machine's default Node would. */
const OLD_NODE = `data:text/javascript,${encodeURIComponent(
  "Object.defineProperty(process, 'version', { value: 'v20.19.0' }); Object.defineProperty(process.versions, 'node', { value: '20.19.0' });",
)}`;

function npmCli(): string {
  const fromNpm = process.env.npm_execpath;
  if (fromNpm && fromNpm.endsWith('.js')) return fromNpm;
  return realpathSync(execFileSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).trim());
}

describe('the Node version', () => {
  it('is refused below the minimum, with the required and found versions in one line', () => {
    expect(nodeVersionProblem('20.19.0')).toBe(
      `Session Lab needs Node ${MIN_NODE_VERSION} or newer (24 recommended, see .nvmrc); this is Node 20.19.0`,
    );
    expect(nodeVersionProblem('22.17.9')).toMatch(/this is Node 22\.17\.9$/);
    expect(nodeVersionProblem('v8.0.0')).toMatch(/this is Node 8\.0\.0$/);
    for (const fine of ['22.18.0', '22.18.1', '23.0.0', '24.3.0', '100.0.0'])
      expect(nodeVersionProblem(fine), fine).toBeNull();
  });

  it('is stated once: engines.node, .nvmrc and .npmrc agree with shared/node-version.ts', () => {
    const [major, minor] = MIN_NODE_VERSION.split('.');
    expect((JSON.parse(read('package.json')) as { engines: { node: string } }).engines.node).toBe(
      `>=${major}.${minor}`,
    );
    expect(read('.nvmrc').trim()).toBe(String(RECOMMENDED_NODE_MAJOR));
    expect(read('.npmrc')).toMatch(/^engine-strict=true$/m);
  });

  it('stops the CLI before any native module loads, in one line', () => {
    const result = spawnSync(
      process.execPath,
      ['--import', OLD_NODE, path.join(root, 'server/cli.ts'), 'serve', '--store', 'sqlite', '--data-dir', work],
      {
        encoding: 'utf8',
        timeout: 15_000,
      },
    );
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `session-lab: Session Lab needs Node ${MIN_NODE_VERSION} or newer (24 recommended, see .nvmrc); this is Node 20.19.0\n`,
    );
  });

  it('stops the Electron main the same way, before it imports anything of the desktop shell', () => {
    // main/index.ts imports electron and the server only after the check: a plain Node can run it up to there.
    const result = spawnSync(process.execPath, ['--import', OLD_NODE, path.join(root, 'main/index.ts')], {
      encoding: 'utf8',
      timeout: 15_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      `Session Lab: Session Lab needs Node ${MIN_NODE_VERSION} or newer (24 recommended, see .nvmrc); this is Node 20.19.0\n`,
    );
  });

  it('makes npm install refuse a too-old Node with npm engine message (the project .npmrc sets engine-strict)', () => {
    copyFileSync(path.join(root, 'package.json'), path.join(work, 'package.json'));
    copyFileSync(path.join(root, '.npmrc'), path.join(work, '.npmrc'));
    // With the lock file npm builds its tree from the lock, offline, and checks the engines before fetching anything.
    copyFileSync(path.join(root, 'package-lock.json'), path.join(work, 'package-lock.json'));
    const result = spawnSync(
      process.execPath,
      [
        '--import',
        OLD_NODE,
        npmCli(),
        'install',
        '--dry-run',
        '--offline',
        '--ignore-scripts',
        '--no-audit',
        '--no-fund',
      ],
      {
        cwd: work,
        encoding: 'utf8',
        timeout: 60_000,
        env: { PATH: process.env.PATH, HOME: process.env.HOME, npm_config_cache: path.join(work, 'npm-cache') },
      },
    );
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/EBADENGINE/);
    expect(result.stderr).toMatch(/Required: \{"node":">=22\.18"\}/);
    expect(result.stderr).toMatch(/Actual: +\{"node":"v20\.19\.0"/);
  }, 60_000);
});
