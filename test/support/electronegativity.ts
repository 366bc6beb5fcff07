import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// electronegativity (a devDependency) run offline. Each scan runs in a child process (this file run by node):
// the runner registers `__` on the global object, logs to stdout and calls process.exit() on a misspelt check
// name, none of which belongs in a test worker.

/** Severities and confidences, as electronegativity names them. */
export type Severity = 'HIGH' | 'MEDIUM' | 'LOW' | 'INFORMATIONAL';
export type Confidence = 'CERTAIN' | 'FIRM' | 'TENTATIVE';

/** One finding. `file` is relative to the scanned folder, or `N/A` for a global check about the whole app. */
export interface Finding {
  id: string;
  file: string;
  line: number;
  column: number;
  severity: Severity;
  confidence: Confidence;
  manualReview: boolean;
  description: string;
}

/** A file the scanner could not parse or walk (`tolerable`: parsed with errors), so it was not fully checked. */
export interface ParseError {
  file: string;
  message: string;
  tolerable: boolean;
}

/** What one scan found. */
export interface ScanResult {
  findings: Finding[];
  parseErrors: ParseError[];
  checks: { atomic: number; global: number };
}

/**
 * The file extensions electronegativity reads (dist/util/file.js `list_files`; package.json by name); any other
 * file in a scanned folder is skipped without a word.
 */
export const SCANNED_EXTENSIONS: readonly string[] = ['.js', '.jsx', '.ts', '.tsx', '.html', '.htm'];

/**
 * Checks it must not run, by lower-cased class name (the ids, e.g. AVAILABLE_SECURITY_FIXES_GLOBAL_CHECK, are not
 * accepted and make it exit): this one fetches Electron's release list from GitHub.
 */
const EXCLUDED_CHECKS = ['availablesecurityfixesglobalcheck'];

const require = createRequire(import.meta.url);
const PACKAGE_DIR = path.dirname(require.resolve('@doyensec/electronegativity/package.json'));
const THIS_FILE = fileURLToPath(import.meta.url);

/** Scans a folder (every file with a {@link SCANNED_EXTENSIONS} extension, and package.json) for `electronVersion`. */
export function scanWithElectronegativity(folder: string, electronVersion: string): ScanResult {
  const outDir = mkdtempSync(path.join(os.tmpdir(), 'sl-electronegativity-'));
  const output = path.join(outDir, 'result.json');
  try {
    execFileSync(process.execPath, [THIS_FILE, folder, electronVersion, output], {
      stdio: 'pipe',
      encoding: 'utf8',
      timeout: 60_000,
    });
    return JSON.parse(readFileSync(output, 'utf8')) as ScanResult;
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`electronegativity failed: ${(error as Error).message}\n${stdout}\n${stderr}`, { cause: error });
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

interface RunnerResult {
  globalChecks: number;
  atomicChecks: number;
  errors: ParseError[];
  issues: {
    id: string;
    file: string;
    location: { line: number; column: number };
    severity: { name: Severity };
    confidence: { name: Confidence };
    manualReview: boolean;
    description: string;
  }[];
}

type Runner = (options: Record<string, unknown>) => Promise<RunnerResult>;

function replaceModule(filename: string, exports: unknown): void {
  const stub = new Module(filename);
  stub.filename = filename;
  stub.loaded = true;
  stub.exports = exports;
  require.cache[filename] = stub;
}

/** The child's side: runs the scan in this process and writes the result to `output`. */
async function scanHere(folder: string, electronVersion: string, output: string): Promise<void> {
  // Its i18n loader fetches translations with `got` (on Node 24 a failed fetch's retry throws an uncaught
  // p-cancelable error): this one loads the bundled en-US messages, with the loader's own settings, and fetches nothing.
  const i18nFile = path.join(PACKAGE_DIR, 'dist', 'locales', 'i18n.js');
  const i18n = createRequire(i18nFile)('i18n');
  replaceModule(i18nFile, async () => {
    i18n.configure({
      locales: ['en-US'],
      defaultLocale: 'en-US',
      directory: path.dirname(i18nFile),
      updateFiles: false,
      objectNotation: true,
      retryInDefaultLocale: true,
      register: global,
    });
    i18n.setLocale('en-US');
  });
  // A tripwire: any other request (a check added by an update) fails the scan instead of hanging on the network.
  const requested: string[] = [];
  const offline = (url: unknown) => {
    requested.push(String(url));
    return Promise.reject(new Error('offline'));
  };
  replaceModule(createRequire(i18nFile).resolve('got'), Object.assign(offline, { head: offline }));

  const run = require('@doyensec/electronegativity/dist/runner.js') as Runner;
  const result = await run({
    input: folder,
    isRelative: true,
    electronVersionOverride: electronVersion,
    excludeFromScan: EXCLUDED_CHECKS,
  });
  if (requested.length > 0) throw new Error(`electronegativity tried to reach the network: ${requested.join(', ')}`);
  const scan: ScanResult = {
    findings: result.issues.map((issue) => ({
      id: issue.id,
      file: issue.file,
      line: issue.location.line,
      column: issue.location.column,
      severity: issue.severity.name,
      confidence: issue.confidence.name,
      manualReview: Boolean(issue.manualReview),
      description: issue.description,
    })),
    parseErrors: result.errors.map((error) => ({ ...error, file: path.relative(folder, error.file) })),
    checks: { atomic: result.atomicChecks, global: result.globalChecks },
  };
  writeFileSync(output, JSON.stringify(scan));
}

if (import.meta.main) {
  const [folder, electronVersion, output] = process.argv.slice(2);
  if (!folder || !electronVersion || !output)
    throw new Error('usage: node electronegativity.ts <folder> <electron version> <output.json>');
  await scanHere(path.resolve(folder), electronVersion, output);
}
