import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const secretsSchema = z.object({ cookieKeys: z.array(z.string().min(43)).min(1) });

/** The server's signing keys, made on first start and kept in `<data-dir>/secrets.json` (mode 0600). */
export interface Secrets {
  cookieKeys: Buffer[];
}

/** Reads the data dir's secrets, creating them on first start so sessions survive restarts. */
export function loadSecrets(dataDir: string): Secrets {
  const file = path.join(dataDir, 'secrets.json');
  if (!existsSync(file)) {
    const fresh = { cookieKeys: [randomBytes(32).toString('base64url')] };
    writeFileSync(file, `${JSON.stringify(fresh, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  }
  const parsed = secretsSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  return { cookieKeys: parsed.cookieKeys.map((key) => Buffer.from(key, 'base64url')) };
}
