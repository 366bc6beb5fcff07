import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureRendererBuilt } from '../support/e2e.ts';
import {
  scanWithElectronegativity,
  SCANNED_EXTENSIONS,
  type Finding,
  type ScanResult,
} from '../support/electronegativity.ts';

// Electronegativity over the Electron side of the app. Every HIGH or MEDIUM finding, whatever the check's
// confidence (its TENTATIVE checks are the ones that ask for a human answer), is answered in docs/desktop.md's
// section named below, and every answer there still matches a finding.

const root = path.join(import.meta.dirname, '..', '..');
const ANSWERS_FILE = path.join(root, 'docs', 'desktop.md');
const SECTION = '## Electron security review (electronegativity)';
const ELECTRON_VERSION = (
  JSON.parse(readFileSync(path.join(root, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string }
).version;

/**
 * What is scanned: main/ as TypeScript source (its Babel parser reads TS 6; the compiled dist/main cannot be
 * read, as its #private fields stop the JS walker), the page the window loads (its <meta> CSP) and package.json.
 */
const SCANNED = ['main', 'package.json', 'dist/renderer/index.html'];
const ANSWERED_SEVERITIES = new Set(['HIGH', 'MEDIUM']);
/** Script and page files, including the module kinds electronegativity passes over (.mts, .cjs, …). */
const CODE_FILE = /\.(?:[cm]?[jt]sx?|html?)$/;

/** One row of the answers table. */
interface Answer {
  id: string;
  file: string;
  severity: string;
  answer: string;
}

const key = (row: { id: string; file: string; severity: string }) => `${row.id} ${row.file} ${row.severity}`;
const describeFinding = (finding: Finding) =>
  `${finding.id} ${finding.file}:${finding.line} ${finding.severity} ${finding.confidence}: ${finding.description}`;

/** The table of the answers section: | check id | file | severity | answer |. */
function readAnswers(markdown: string): Answer[] {
  const lines = markdown.split('\n');
  const start = lines.indexOf(SECTION);
  if (start === -1) throw new Error(`${ANSWERS_FILE} has no "${SECTION}" section`);
  const end = lines.findIndex((line, index) => index > start && /^#{2,3} /.test(line));
  const rows = lines
    .slice(start + 1, end === -1 ? undefined : end)
    .filter((line) => line.startsWith('|'))
    .map((line) =>
      line
        .split(/(?<!\\)\|/)
        .slice(1, -1)
        .map((cell) => cell.trim().replaceAll('`', '')),
    );
  // The header row, then the |---| row.
  return rows.slice(2).map(([id = '', file = '', severity = '', answer = '']) => ({ id, file, severity, answer }));
}

/** Copies `paths` into a folder of their own: the scanner takes one folder, and the repo's root holds server/, test/ and dist/ too. */
function stage(paths: string[]): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sl-scan-'));
  for (const relative of paths) {
    mkdirSync(path.dirname(path.join(dir, relative)), { recursive: true });
    cpSync(path.join(root, relative), path.join(dir, relative), { recursive: true });
  }
  return dir;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)));
}

describe('electronegativity', () => {
  let project: string;
  let scan: ScanResult;
  let scanMs: number;

  beforeAll(() => {
    ensureRendererBuilt();
    project = stage(SCANNED);
    const started = performance.now();
    scan = scanWithElectronegativity(project, ELECTRON_VERSION);
    scanMs = performance.now() - started;
    console.info(
      `electronegativity: ${scan.checks.atomic + scan.checks.global} checks over ${SCANNED.join(', ')} in ${Math.round(scanMs)} ms`,
    );
  });
  afterAll(() => rmSync(project, { recursive: true, force: true }));

  it('reads every code file of main/, offline, in seconds', () => {
    const skipped = filesUnder(path.join(root, 'main')).filter(
      (file) => CODE_FILE.test(file) && !SCANNED_EXTENSIONS.includes(path.extname(file)),
    );
    expect(skipped, 'code in main/ that electronegativity does not read').toEqual([]);
    expect(scan.parseErrors, 'files electronegativity could not parse, so did not check').toEqual([]);
    // The answers live in docs/desktop.md, not in `eng-disable` comments that hide a finding from the scan.
    const disabled = filesUnder(path.join(root, 'main')).filter((file) =>
      /eng-disable/i.test(readFileSync(path.join(root, file), 'utf8')),
    );
    expect(disabled, 'files with eng-disable comments').toEqual([]);
    expect(scan.findings.find((finding) => finding.id === 'ELECTRON_VERSION_JSON_CHECK')).toMatchObject({
      file: 'package.json',
    });
    expect(scanMs).toBeLessThan(15_000);
  });

  it('has every HIGH or MEDIUM finding answered in docs/desktop.md, and no answer for a finding that is gone', () => {
    const answers = readAnswers(readFileSync(ANSWERS_FILE, 'utf8'));
    const answered = new Set(answers.map(key));
    expect(answers.length, 'duplicate rows').toBe(answered.size);
    expect(answers.filter((answer) => answer.answer.length === 0).map(key), 'rows without an answer').toEqual([]);
    const found = new Set(scan.findings.map(key));
    const review = {
      // Fix these in main/, or answer them in the section's table.
      unanswered: scan.findings
        .filter((finding) => ANSWERED_SEVERITIES.has(finding.severity) && !answered.has(key(finding)))
        .map(describeFinding),
      // Rows for findings that no longer occur: delete them.
      stale: answers.filter((answer) => !found.has(key(answer))).map(key),
    };
    expect(review, `${path.basename(ANSWERS_FILE)} "${SECTION}"`).toEqual({ unanswered: [], stale: [] });
  });

  it('is live: it reports an unsafe window in JS and in TS 6 syntax, and a weak CSP in HTML', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sl-scan-unsafe-'));
    try {
      const unsafe = '{ webPreferences: { nodeIntegration: true, contextIsolation: false } }';
      writeFileSync(
        path.join(dir, 'window.js'),
        `const { BrowserWindow } = require('electron');\nnew BrowserWindow(${unsafe});\n`,
      );
      writeFileSync(
        path.join(dir, 'window.ts'),
        [
          "import type { BrowserWindowConstructorOptions } from 'electron';",
          "import { BrowserWindow } from 'electron';",
          "import { TITLE } from './title.ts';",
          'export class Opener {',
          '  #opened = 0;',
          `  open(): BrowserWindow { this.#opened += 1; return new BrowserWindow(${unsafe}); }`,
          '}',
          'export const defaults = { title: TITLE } satisfies BrowserWindowConstructorOptions;',
        ].join('\n'),
      );
      writeFileSync(
        path.join(dir, 'page.html'),
        `<meta http-equiv="Content-Security-Policy" content="script-src 'unsafe-inline' *">\n`,
      );
      const result = scanWithElectronegativity(dir, ELECTRON_VERSION);
      expect(result.parseErrors).toEqual([]);
      const found = result.findings.map((finding) => `${finding.id} ${finding.file}`);
      for (const file of ['window.js', 'window.ts']) {
        expect(found).toContain(`NODE_INTEGRATION_JS_CHECK ${file}`);
        expect(found).toContain(`CONTEXT_ISOLATION_JS_CHECK ${file}`);
      }
      expect(found).toContain('CSP_GLOBAL_CHECK page.html');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
