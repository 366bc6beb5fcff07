import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NODE_ENGINES, nodeVersionProblem, RECOMMENDED_NODE_MAJOR } from '../../shared/node-version.ts';

const root = path.join(import.meta.dirname, '../..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');
const work = mkdtempSync(path.join(os.tmpdir(), 'sl-node-version-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A preload that makes this Node say it is `version` (20.19.0: as a machine's default Node would). */
const posingAs = (version: string) =>
  `data:text/javascript,${encodeURIComponent(
    `Object.defineProperty(process, 'version', { value: 'v${version}' }); Object.defineProperty(process.versions, 'node', { value: '${version}' });`,
  )}`;
const OLD_NODE = posingAs('20.19.0');
/** The one line a Node Session Lab does not run on gets. */
const REFUSAL =
  'Session Lab needs Node 22 (22.18 or newer), 24, or 26 and newer (24 recommended, see .nvmrc); this is Node';

function npmCli(): string {
  const fromNpm = process.env.npm_execpath;
  if (fromNpm && fromNpm.endsWith('.js')) return fromNpm;
  return realpathSync(execFileSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).trim());
}

describe('the Node version', () => {
  it('is refused below the minimum and on 23 and 25, with the required and found versions in one line', () => {
    expect(nodeVersionProblem('20.19.0')).toBe(`${REFUSAL} 20.19.0`);
    expect(nodeVersionProblem('22.17.9')).toBe(`${REFUSAL} 22.17.9`);
    expect(nodeVersionProblem('v8.0.0')).toBe(`${REFUSAL} 8.0.0`);
    // The odd releases, which the test runner and the linter do not support.
    for (const odd of ['23.0.0', '23.11.1', '25.0.0', '25.9.9'])
      expect(nodeVersionProblem(odd)).toBe(`${REFUSAL} ${odd}`);
    for (const fine of ['22.18.0', '22.18.1', '22.99.0', '24.0.0', '24.3.0', '26.0.0', '27.1.0', '100.0.0'])
      expect(nodeVersionProblem(fine), fine).toBeNull();
  });

  it("states no wider range than the project's own tools accept (vitest, eslint: 23 and 25 are not theirs)", () => {
    const enginesOf = (name: string) =>
      (JSON.parse(read(`node_modules/${name}/package.json`)) as { engines: { node: string } }).engines.node;
    // Each of our release lines sits inside each tool's range: its first version and its major's last one.
    const majorsOf = (range: string) => range.split('||').map((part) => part.trim());
    expect(majorsOf(enginesOf('vitest'))).toEqual(['^22.12.0', '^24.0.0', '>=26.0.0']);
    expect(majorsOf(enginesOf('eslint'))).toEqual(['^20.19.0', '^22.13.0', '>=24']);
    expect(NODE_ENGINES).toBe('^22.18.0 || ^24.0.0 || >=26.0.0');
  });

  it('is stated once: engines.node (package.json and its lock), .nvmrc and .npmrc agree with shared/node-version.ts', () => {
    expect((JSON.parse(read('package.json')) as { engines: { node: string } }).engines.node).toBe(NODE_ENGINES);
    const lock = JSON.parse(read('package-lock.json')) as { packages: Record<string, { engines?: { node: string } }> };
    expect(lock.packages['']!.engines!.node).toBe(NODE_ENGINES);
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
    expect(result.stderr).toBe(`session-lab: ${REFUSAL} 20.19.0\n`);
  });

  it('stops the Electron main the same way, before it imports anything of the desktop shell', () => {
    // main/index.ts imports electron and the server only after the check: a plain Node can run it up to there.
    const result = spawnSync(process.execPath, ['--import', OLD_NODE, path.join(root, 'main/index.ts')], {
      encoding: 'utf8',
      timeout: 15_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`Session Lab: ${REFUSAL} 20.19.0\n`);
  });

  it.each(['20.19.0', '25.0.0'])(
    'makes npm install refuse Node %s with npm engine message (the project .npmrc sets engine-strict)',
    (version) => {
      copyFileSync(path.join(root, 'package.json'), path.join(work, 'package.json'));
      copyFileSync(path.join(root, '.npmrc'), path.join(work, '.npmrc'));
      // With the lock file npm builds its tree from the lock, offline, and checks the engines before fetching anything.
      copyFileSync(path.join(root, 'package-lock.json'), path.join(work, 'package-lock.json'));
      const result = spawnSync(
        process.execPath,
        [
          '--import',
          posingAs(version),
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
      expect(result.stderr).toContain(`Required: {"node":"${NODE_ENGINES}"}`);
      expect(result.stderr).toMatch(new RegExp(`Actual: +\\{"node":"v${version.replaceAll('.', '\\.')}"`));
    },
    60_000,
  );
});
