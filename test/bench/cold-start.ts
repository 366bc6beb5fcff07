import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Figure } from './report.ts';
import { median } from '../../shared/percentiles.ts';
import { stopChild } from '../support/child-exit.ts';

const REPO = path.resolve(import.meta.dirname, '../..');

/**
 * The built CLI as `npm run serve` runs it (the bundle, dist/cli/cli.js); else the compiled modules of `npm run
 * build:node`; else the TypeScript source (Node strips its types). Relative to the repo.
 */
function cliPath(): string {
  return (
    ['dist/cli/cli.js', 'dist/server/cli.js'].find((built) => existsSync(path.join(REPO, built))) ?? 'server/cli.ts'
  );
}

/** Starts the CLI (the built one, as `npm run serve` runs it, when there is one) and times it to the first 200 of /health. */
async function launch(dataDir: string): Promise<number> {
  const cli = path.join(REPO, cliPath());
  const began = performance.now();
  const child = spawn(
    process.execPath,
    [cli, 'serve', '--store', 'sqlite', '--port', '0', '--data-dir', dataDir, '--log-level', 'silent'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const found = /running at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (found) resolve(found[1]!);
      });
      child.once('exit', (code) => reject(new Error(`the server exited with ${code} before it listened`)));
    });
    for (const deadline = performance.now() + 30_000; ;) {
      if (performance.now() > deadline) throw new Error('/health did not answer 200 within 30 s');
      const ok = await fetch(`${url}/api/v1/health`).then(
        (res) => res.status === 200,
        () => false,
      );
      if (ok) return performance.now() - began;
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  } finally {
    await stopChild(child, 'SIGTERM');
  }
}

/** Process start → first 200 of /health: a first launch (an empty data dir: keys, secrets, demo accounts made), then the median of 5 later ones. */
export async function coldStartFigures(): Promise<Figure[]> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sl-bench-start-'));
  try {
    const first = await launch(dataDir);
    const later: number[] = [];
    for (let i = 0; i < 5; i++) later.push(await launch(dataDir));
    const laterMedian = median(later);
    const which = cliPath().endsWith('.js') ? cliPath() : 'server/cli.ts, unbuilt';
    return [
      {
        name: `cold start → /health 200 (${which}), first launch (empty data dir; keys, secrets and 3 demo accounts made)`,
        value: `${first.toFixed(0)} ms`,
        number: Math.round(first),
        unit: 'ms',
      },
      {
        name: `cold start → /health 200 (${which}), a later launch (median of 5)`,
        value: `${laterMedian.toFixed(0)} ms`,
        number: Math.round(laterMedian),
        unit: 'ms',
      },
    ];
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
