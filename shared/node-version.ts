/**
 * The oldest Node Session Lab runs on: better-sqlite3 13 needs Node 22, and the bench runs `.ts` files directly,
 * which Node does without a flag from 22.18. package.json's `engines.node` says the same (a test checks).
 */
export const MIN_NODE_VERSION = '22.18.0';

/** The Node version `.nvmrc` names and `.ci/run` installs. */
export const RECOMMENDED_NODE_MAJOR = 24;

function parts(version: string): number[] {
  return version
    .replace(/^v/, '')
    .split('.')
    .map((part) => Number.parseInt(part, 10) || 0);
}

/**
 * One line naming the required and found versions when `found` (a `process.versions.node`) is too old; null when it
 * is new enough. Checked by the CLI and the Electron main before they load any native module (on Node 20,
 * better-sqlite3 crashes the process with no message).
 */
export function nodeVersionProblem(found: string): string | null {
  const have = parts(found);
  const need = parts(MIN_NODE_VERSION);
  for (let i = 0; i < need.length; i++) {
    if ((have[i] ?? 0) > need[i]!) return null;
    if ((have[i] ?? 0) < need[i]!) {
      return `Session Lab needs Node ${MIN_NODE_VERSION} or newer (${RECOMMENDED_NODE_MAJOR} recommended, see .nvmrc); this is Node ${found.replace(/^v/, '')}`;
    }
  }
  return null;
}
