#!/usr/bin/env node
// The CLI's entry: the Node version is checked before anything that loads a native module (better-sqlite3)
// is imported, so a too-old Node gets one line instead of a crash with no message.
import { nodeVersionProblem } from '../shared/node-version.ts';

const problem = nodeVersionProblem(process.versions.node);
if (problem) {
  process.stderr.write(`session-lab: ${problem}\n`);
  process.exit(1);
}
await import('./serve-command.ts');
