// The desktop shell's entry: the Node version inside Electron is checked before anything that loads a native module
// (better-sqlite3) is imported, so a too-old runtime gets one line instead of a crash with no message.
import { nodeVersionProblem } from '../shared/node-version.ts';

const problem = nodeVersionProblem(process.versions.node);
if (problem) {
  console.error(`Session Lab: ${problem}`);
  process.exit(1);
}
await import('./desktop-main.ts');
