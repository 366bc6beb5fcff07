/**
 * The Node release lines Session Lab runs on, oldest first: each from its minimum, within its major (the last one
 * open-ended). 22 from 22.18: better-sqlite3 needs Node 22, and the bench runs `.ts` files directly, which Node does
 * without a flag from 22.18. Not 23 or 25: the test runner and the linter (vitest, eslint) support only the even,
 * long-term releases, so the project cannot be checked there. package.json's `engines.node` says the same (a test
 * checks).
 */
export const NODE_RELEASE_LINES: readonly { readonly min: string; readonly sameMajor: boolean }[] = [
  { min: '22.18.0', sameMajor: true },
  { min: '24.0.0', sameMajor: true },
  { min: '26.0.0', sameMajor: false },
];

/** The oldest Node Session Lab runs on. */
export const MIN_NODE_VERSION = NODE_RELEASE_LINES[0]!.min;

/** {@link NODE_RELEASE_LINES} as an npm range: package.json's `engines.node`. */
export const NODE_ENGINES = NODE_RELEASE_LINES.map(({ min, sameMajor }) => (sameMajor ? `^${min}` : `>=${min}`)).join(
  ' || ',
);

/** The Node version `.nvmrc` names and `.ci/run` installs. */
export const RECOMMENDED_NODE_MAJOR = 24;

function parts(version: string): number[] {
  return version
    .replace(/^v/, '')
    .split('.')
    .map((part) => Number.parseInt(part, 10) || 0);
}

/** -1, 0 or 1 as `a` is older than, the same as, or newer than `b`. */
function compare(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const diff = (a[i] ?? 0) - (b[i] ?? 0);
    if (diff !== 0) return Math.sign(diff);
  }
  return 0;
}

/** The release lines in words: "22 (22.18 or newer), 24, or 26 and newer". */
function linesInWords(): string {
  const words = NODE_RELEASE_LINES.map(({ min, sameMajor }) => {
    const [major, minor, patch] = parts(min);
    const atStart = minor === 0 && patch === 0;
    if (!sameMajor) return `${major} and newer`;
    return atStart ? `${major}` : `${major} (${major}.${minor}${patch ? `.${patch}` : ''} or newer)`;
  });
  return `${words.slice(0, -1).join(', ')}, or ${words.at(-1)}`;
}

/**
 * One line naming the required and found versions when `found` (a `process.versions.node`) is not one Session Lab
 * runs on (too old, or 23 or 25); null when it is. Checked by the CLI and the Electron main before they load any
 * native module (on Node 20, better-sqlite3 crashes the process with no message).
 */
export function nodeVersionProblem(found: string): string | null {
  const have = parts(found);
  const fits = NODE_RELEASE_LINES.some(({ min, sameMajor }) => {
    const need = parts(min);
    return compare(have, need) >= 0 && (!sameMajor || have[0] === need[0]);
  });
  if (fits) return null;
  return `Session Lab needs Node ${linesInWords()} (${RECOMMENDED_NODE_MAJOR} recommended, see .nvmrc); this is Node ${found.replace(/^v/, '')}`;
}
