import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { SessionKeysUnreadableError } from '../errors.ts';

/** The file, in the data dir beside `secrets.json`, that holds the keys session records are encrypted with. */
export const SESSION_KEYS_FILE = 'session-keys.json';

const KID_PATTERN = /^k\d{1,6}$/;
const keysSchema = z.object({
  current: z.string().regex(KID_PATTERN),
  keys: z.record(z.string().regex(KID_PATTERN), z.string().min(43)),
});

/** The encryption keys of session records: every key id the server still holds, and the one new writes use. */
export interface SessionKeys {
  /** The key id new writes use. */
  current: string;
  /** Each key id's 32-byte AES-256 key. */
  keys: ReadonlyMap<string, Buffer>;
}

/**
 * The session-encryption keys, kept in `<data-dir>/session-keys.json` (mode 0600, like the cookie secrets) and made on
 * first use: a server that never encrypts a session never writes the file. Rotation adds a key and makes it current;
 * the old ones stay, so records written under them still decrypt.
 */
export class SessionKeyFile {
  readonly #file: string;
  #keys: SessionKeys | null = null;

  /** `dataDir`: the directory of the other secrets. */
  constructor(dataDir: string) {
    this.#file = path.join(dataDir, SESSION_KEYS_FILE);
  }

  /** The keys, read from the file (created with one key, `k1`, when it does not exist yet). */
  keys(): SessionKeys {
    if (this.#keys) return this.#keys;
    if (!existsSync(this.#file)) {
      try {
        this.#write({ current: 'k1', keys: { k1: randomBytes(32).toString('base64url') } }, 'wx');
      } catch (error) {
        // Another instance on the same data dir (lab 9's B) made it first: read theirs.
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
    const parsed = this.#read();
    this.#keys = {
      current: parsed.current,
      keys: new Map(Object.entries(parsed.keys).map(([kid, key]) => [kid, Buffer.from(key, 'base64url')])),
    };
    return this.#keys;
  }

  /** Adds a new key, makes it current and saves the file (written aside, then renamed over the old one); returns its id. */
  rotate(): string {
    const { keys } = this.keys();
    const next = Math.max(0, ...[...keys.keys()].map((kid) => Number(kid.slice(1)))) + 1;
    const kid = `k${next}`;
    const all = new Map(keys).set(kid, randomBytes(32));
    const stored = Object.fromEntries([...all].map(([id, key]) => [id, key.toString('base64url')]));
    const aside = `${this.#file}.${process.pid}.tmp`;
    writeFileSync(aside, `${JSON.stringify({ current: kid, keys: stored }, null, 2)}\n`, { mode: 0o600 });
    chmodSync(aside, 0o600);
    renameSync(aside, this.#file);
    this.#keys = { current: kid, keys: all };
    return kid;
  }

  /** The file's content, or a 503 naming what is wrong with it (a file changed by hand must not become a 500). */
  #read(): z.infer<typeof keysSchema> {
    const unreadable = (why: string) =>
      new SessionKeysUnreadableError(
        `the session-encryption key file ${this.#file} cannot be used (${why}): encrypted sessions cannot be checked until it is restored`,
      );
    let parsed: z.infer<typeof keysSchema>;
    try {
      parsed = keysSchema.parse(JSON.parse(readFileSync(this.#file, 'utf8')));
    } catch (error) {
      throw unreadable(error instanceof z.ZodError ? 'not the expected {current, keys}' : (error as Error).message);
    }
    if (!(parsed.current in parsed.keys)) throw unreadable(`its current key ${parsed.current} is missing`);
    return parsed;
  }

  #write(content: z.infer<typeof keysSchema>, flag: 'w' | 'wx'): void {
    writeFileSync(this.#file, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600, flag });
  }
}
