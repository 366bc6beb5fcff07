import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.join(import.meta.dirname, '../..');

/** Every file under `dir`, relative to the repo. */
function filesUnder(dir: string): string[] {
  const full = path.join(root, dir);
  if (!existsSync(full)) return [];
  return readdirSync(full, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)));
}

// The installers pack dist/ whole: a compiled file whose source is gone (a moved or deleted module) would ship.
// `npm run build` starts from an empty dist/ (npm run clean); this checks the build that the other tests use.
describe.runIf(existsSync(path.join(root, 'dist/server')))('the build in dist/', () => {
  it('holds no compiled server, main or shared file whose TypeScript source is gone', () => {
    const orphans = ['dist/server', 'dist/main', 'dist/shared']
      .flatMap(filesUnder)
      .filter((file) => file.endsWith('.js'))
      .filter((file) => !file.endsWith('preload.cjs'))
      .filter((file) => !existsSync(path.join(root, file.slice('dist/'.length).replace(/\.js$/, '.ts'))));
    expect(orphans, 'run npm run build: dist/ holds files of modules that no longer exist').toEqual([]);
  });
});
