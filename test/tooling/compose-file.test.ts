import { readFileSync } from 'node:fs';
import path from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { CONFIG_FIELDS } from '../../server/config.ts';
import { loadConfig } from '../../server/config-sources.ts';

// compose.yaml gives a learner a real Redis in one command. Its points are checked here, by parsing the file:
// no container is started.

const root = path.join(import.meta.dirname, '..', '..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

interface ComposeService {
  image?: unknown;
  command?: unknown;
  ports?: unknown;
  volumes?: unknown;
}
interface ComposeFile {
  services?: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

const compose = load(read('compose.yaml'), { filename: 'compose.yaml' }) as ComposeFile;
const redis = compose.services?.redis ?? {};

/** The arguments after `npm run serve --` in every documented command line of `text`. */
function documentedServeArgs(text: string): string[][] {
  return [...text.matchAll(/npm run serve -- ([^\n`]+)/g)].map((match) => match[1]!.trim().split(/\s+/));
}

/** The arguments `npm run serve` itself gives the CLI after `serve` (the documented ones come after these). */
function serveScriptArgs(): string[] {
  const script = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts.serve!;
  const [, args = ''] = /\bcli\.js serve\b(.*)$/.exec(script) ?? [];
  return args.trim().split(/\s+/).filter(Boolean);
}

describe('compose.yaml', () => {
  it('runs the official Redis image at a pinned major version, with the append-only file on', () => {
    expect(Object.keys(compose.services ?? {})).toEqual(['redis']);
    expect(redis.image).toMatch(/^redis:\d+$/);
    const command = redis.command as string[];
    expect(Array.isArray(command)).toBe(true);
    expect(command[0]).toBe('redis-server');
    expect(command[command.indexOf('--appendonly') + 1]).toBe('yes');
  });

  it('keeps its data in a named volume mounted on /data', () => {
    const mounts = redis.volumes as string[];
    expect(mounts).toHaveLength(1);
    const [name, target] = mounts[0]!.split(':');
    expect(target).toBe('/data');
    // A name, not a path: a volume the file declares.
    expect(name).toMatch(/^[a-z][a-z0-9_-]*$/);
    expect(Object.keys(compose.volumes ?? {})).toContain(name);
  });

  it('publishes the port on 127.0.0.1 only', () => {
    const ports = redis.ports as unknown[];
    expect(ports.length).toBeGreaterThan(0);
    for (const port of ports) expect(port).toMatch(/^127\.0\.0\.1:\d+:6379$/);
  });

  it('is documented with a serve command whose flags the config has, and which reaches this Redis', () => {
    const published = Number(/^127\.0\.0\.1:(\d+):/.exec((redis.ports as string[])[0]!)![1]);
    const flags = new Set(Object.values(CONFIG_FIELDS).map((field) => field.flag));
    // The configuration page's section on compose.yaml (other sections run other stores), and the file's own comment.
    const section = /^### A Redis from compose\.yaml$([\s\S]*?)^##? /m.exec(read('docs/configuration.md'))?.[1] ?? '';
    const documented = [...documentedServeArgs(section), ...documentedServeArgs(read('compose.yaml'))];
    expect(documented.length).toBeGreaterThanOrEqual(2);
    for (const args of documented) {
      for (const arg of args.filter((word) => word.startsWith('--'))) expect(flags, arg).toContain(arg);
      const config = loadConfig({}, [...serveScriptArgs(), ...args]);
      expect(config.store).toBe('redis');
      expect(new URL(config.redisUrl).hostname).toBe('127.0.0.1');
      expect(Number(new URL(config.redisUrl).port)).toBe(published);
    }
  });
});
