import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.join(import.meta.dirname, '../..');

function summaryOf(files: string[]): { line: string | undefined; status: number | null } {
  const result = spawnSync(
    process.execPath,
    [
      path.join(root, 'node_modules/vitest/vitest.mjs'),
      'run',
      '--config',
      path.join(import.meta.dirname, 'fixtures/vitest.config.ts'),
      ...files,
    ],
    { cwd: root, encoding: 'utf8', timeout: 60_000, env: { ...process.env, CI: 'false' } },
  );
  return { line: /^tests: .*$/m.exec(result.stdout)?.[0], status: result.status };
}

describe('the test summary line', () => {
  it('counts the tests of a file whose setup crashed as failed, not skipped', () => {
    const { line, status } = summaryOf(['crashing-file.ts', 'passing-file.ts']);
    expect(line).toBe('tests: 1 passed, 3 failed, 1 skipped');
    expect(status).not.toBe(0);
  });
  it('counts a skipped test as skipped in a file where another test failed', () => {
    const { line, status } = summaryOf(['failing-file.ts']);
    expect(line).toBe('tests: 0 passed, 1 failed, 1 skipped');
    expect(status).not.toBe(0);
  });
}, 60_000);
