import type { Reporter, TestModule } from 'vitest/node';

/**
 * Closes the run with one plain line, `tests: N passed, N failed, N skipped`, which CI reads. The tests of a file that
 * crashed count as failed. With
 * CI=true a skipped test fails the run: CI has every real dependency, so a skip there hides a gap.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    for (const module of testModules) {
      // A file that crashed or failed to load (a hook threw, the worker died) leaves its tests unrun: they count
      // as failed, never as skipped; a file that failed before it declared any test counts as one failure.
      const fileFailed = module.state() === 'failed';
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') counts.passed++;
        // Meant to run (not skipped by skip, todo, only or a name filter) but never ran because the file crashed.
        else if (state === 'failed' || (fileFailed && test.options.mode === 'run')) counts.failed++;
        else counts.skipped++;
      }
      if (fileFailed && module.children.size === 0) counts.failed++;
    }
    if (process.env.CI === 'true' && counts.skipped > 0) {
      console.error(`CI=true: ${counts.skipped} skipped test(s) count as failures`);
      process.exitCode = 1;
    }
    console.log(`tests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
  }
}
