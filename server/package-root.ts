import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder holding Session Lab's package.json, found by walking up from this module, so the same
 * code works from `server/` (sources) and `dist/server/` (built, or inside the packaged app).
 */
export function packageRoot(from = path.dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (
      existsSync(manifest) &&
      (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'session-lab'
    )
      return dir;
    if (path.dirname(dir) === dir) throw new Error(`no session-lab package.json above ${from}`);
  }
}

/** Session Lab's version, from its package.json. */
export function packageVersion(root = packageRoot()): string {
  return (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;
}

/** Where `npm run build:renderer` puts the renderer. */
export function defaultRendererDir(root = packageRoot()): string {
  return path.join(root, 'dist', 'renderer');
}
