#!/usr/bin/env node
// The CLI's entry: the Node version is checked before anything that loads a native module (better-sqlite3)
// is imported, so a too-old Node gets one line instead of a crash with no message.
import module from 'node:module';
import { nodeVersionProblem } from '../shared/node-version.ts';

const problem = nodeVersionProblem(process.versions.node);
if (problem) {
  process.stderr.write(`session-lab: ${problem}\n`);
  process.exit(1);
}
// A later launch reads the compiled code of every module from Node's on-disk cache instead of compiling it again
// (module loading is most of the time to the first answer); a cache that cannot be written only costs that.
module.enableCompileCache?.();
await import('./serve-command.ts');
