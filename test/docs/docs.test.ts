import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// The README is the front door and docs/ holds the rest: these checks keep the README short, every relative link
// pointing at a file that is there, and the labs table whole.

const root = path.join(import.meta.dirname, '..', '..');
const README = 'README.md';
const DOCS = ['docs', 'bench/README.md'];
const README_MAX_LINES = 160;
const LAB_COUNT = 18;
/** Words that belong to how the project is run, not to what it is: an issue by its number, the machines it is built on. */
const BANNED = [/\bissues?\s*(#|no\.?\s*)?\d+/i, /\bissues?\s*#/i, /development machines?/i];

/** README.md and every Markdown file under docs/ (and bench/README.md), as paths from the repository root. */
function markdownFiles(): string[] {
  const files = [README];
  for (const entry of DOCS) {
    const full = path.join(root, entry);
    if (entry.endsWith('.md')) {
      files.push(entry);
      continue;
    }
    for (const name of readdirSync(full, { recursive: true, encoding: 'utf8' })) {
      if (name.endsWith('.md')) files.push(path.join(entry, name));
    }
  }
  return files.sort();
}

const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

/** The text outside fenced code blocks and inline code, where a `[text](target)` is a real link. */
function prose(markdown: string): string {
  return markdown.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');
}

/** Every link and image target of a Markdown file: `[text](target)`, `![alt](target)` and `[label]: target`. */
function linkTargets(markdown: string): string[] {
  const text = prose(markdown);
  const inline = [...text.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((match) => match[1]!);
  const reference = [...text.matchAll(/^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)].map((match) => match[1]!);
  return [...inline, ...reference];
}

/** A target inside this repository: a file, a heading of a file, or a heading of the same page (not a web or mail address). */
const isRelative = (target: string) => !/^[a-z][a-z0-9+.-]*:/i.test(target) && !target.startsWith('//');

/** The anchors GitHub makes for a Markdown file's headings: lower case, punctuation dropped, spaces as hyphens. */
function headingAnchors(markdown: string): Set<string> {
  const headings = [...markdown.replace(/^```[\s\S]*?^```/gm, '').matchAll(/^#{1,6}\s+(.+?)\s*#*$/gm)].map(
    (match) => match[1]!,
  );
  return new Set(
    headings.map((heading) =>
      heading
        .toLowerCase()
        .replace(/[^\p{L}\p{N}\s_-]/gu, '')
        .replace(/\s/g, '-'),
    ),
  );
}

describe('docs', () => {
  it(`keeps the README the front door: at most ${README_MAX_LINES} lines`, () => {
    const lines = read(README).split('\n');
    if (lines.at(-1) === '') lines.pop();
    expect(lines.length).toBeLessThanOrEqual(README_MAX_LINES);
  });

  it('links only to files and headings that exist, from the README and every file in docs/', () => {
    const broken: string[] = [];
    let checked = 0;
    for (const file of markdownFiles()) {
      for (const target of linkTargets(read(file)).filter(isRelative)) {
        const [filePart = '', anchor] = target.split('#');
        const resolved =
          filePart === ''
            ? path.join(root, file)
            : path.resolve(root, path.dirname(file), decodeURIComponent(filePart));
        checked += 1;
        if (!existsSync(resolved)) broken.push(`${file}: ${target}`);
        else if (
          anchor !== undefined &&
          resolved.endsWith('.md') &&
          !headingAnchors(readFileSync(resolved, 'utf8')).has(anchor)
        ) {
          broken.push(`${file}: ${target} (no such heading)`);
        }
      }
    }
    expect(broken).toEqual([]);
    // The README alone links every docs file: a parser that found nothing would pass vacuously.
    expect(checked).toBeGreaterThan(10);
  });

  it('links every file of docs/ from the README', () => {
    const targets = new Set(linkTargets(read(README)).map((target) => target.split('#')[0]));
    const docs = markdownFiles().filter((file) => file !== README);
    expect(docs.filter((file) => !targets.has(file.split(path.sep).join('/')))).toEqual([]);
  });

  it(`lists the ${LAB_COUNT} labs in one table in the README, numbered 1 to ${LAB_COUNT}`, () => {
    const lines = read(README).split('\n');
    const start = lines.indexOf('## Labs');
    expect(start, 'a "## Labs" section').toBeGreaterThan(-1);
    const end = lines.findIndex((line, index) => index > start && line.startsWith('## '));
    const numbers = lines
      .slice(start + 1, end === -1 ? undefined : end)
      .map((line) => /^\|\s*(\d+)\s*\|/.exec(line)?.[1])
      .filter((number) => number !== undefined)
      .map(Number);
    expect(numbers).toEqual(Array.from({ length: LAB_COUNT }, (_, i) => i + 1));
  });

  it('never names an issue by its number ("issue 21", "issues 16–19", "issue #3") or "development machines"', () => {
    const found = markdownFiles().flatMap((file) => {
      const text = read(file);
      return BANNED.flatMap((word) => [...text.matchAll(new RegExp(word, 'gi'))].map((m) => `${file}: "${m[0]}"`));
    });
    expect(found).toEqual([]);
  });

  it('the banned words catch what they are meant to, and not "issued" or "issuer"', () => {
    const caught = (text: string) => BANNED.some((word) => word.test(text));
    for (const text of ['issue 21', "Issue 21's goal", 'issues 16–19', 'issue #3', 'the development machines'])
      expect(caught(text), text).toBe(true);
    for (const text of ['tokens issued 21 s ago', 'the issuer', 'an issue of scale', 'development'])
      expect(caught(text), text).toBe(false);
  });
});
