import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SessionCipher, envelopeOf } from '../../../server/auth/session-cipher.ts';
import { SESSION_KEYS_FILE, SessionKeyFile } from '../../../server/auth/session-key-file.ts';
import { SessionKeysUnreadableError, SessionKeyUnknownError, SessionUnreadableError } from '../../../server/errors.ts';

const SID = 'a'.repeat(43);
const RECORD = '{"uid":2,"acct":"k-alice","state":"active"}';

describe('SessionCipher', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  function dataDir(): string {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sl-cipher-'));
    dirs.push(dir);
    return dir;
  }

  it('writes plain JSON while off, and makes no key file until encryption is first used', () => {
    const dir = dataDir();
    const cipher = new SessionCipher(new SessionKeyFile(dir), false);
    expect(cipher.seal(SID, RECORD)).toBe(RECORD);
    expect(cipher.open(SID, RECORD)).toBe(RECORD);
    expect(existsSync(path.join(dir, SESSION_KEYS_FILE))).toBe(false);
    cipher.enabled = true;
    const sealed = cipher.seal(SID, RECORD);
    expect(envelopeOf(sealed)).toMatchObject({ enc: 'A256GCM', kid: 'k1' });
    expect(cipher.open(SID, sealed)).toBe(RECORD);
    expect(statSync(path.join(dir, SESSION_KEYS_FILE)).mode & 0o777).toBe(0o600);
  });

  it('refuses a changed tag, a wrong-sized nonce, a malformed envelope and another id with SESSION_UNREADABLE', () => {
    const cipher = new SessionCipher(new SessionKeyFile(dataDir()), true);
    const envelope = envelopeOf(cipher.seal(SID, RECORD))!;
    const tag = Buffer.from(envelope.tag, 'base64url');
    tag[0] = tag[0]! ^ 0x80;
    const cases = [
      JSON.stringify({ ...envelope, tag: tag.toString('base64url') }),
      JSON.stringify({ ...envelope, iv: 'AAAA' }),
      '{"enc":"A256GCM","kid":',
      '{"enc":"A256GCM","kid":"k1"}',
    ];
    for (const raw of cases) expect(() => cipher.open(SID, raw), raw).toThrow(SessionUnreadableError);
    expect(() => cipher.open('b'.repeat(43), JSON.stringify(envelope))).toThrow(SessionUnreadableError);
    expect(() => cipher.open(SID, JSON.stringify({ ...envelope, kid: 'k7' }))).toThrow(SessionKeyUnknownError);
  });

  it('rotates: the new key is current and saved, the old one still opens its records after a restart', () => {
    const dir = dataDir();
    const first = new SessionCipher(new SessionKeyFile(dir), true);
    const old = first.seal(SID, RECORD);
    expect(first.rotate()).toBe('k2');
    expect(envelopeOf(first.seal(SID, RECORD))!.kid).toBe('k2');
    const file = path.join(dir, SESSION_KEYS_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ current: 'k2' });
    const restarted = new SessionCipher(new SessionKeyFile(dir), true);
    expect(restarted.keyIds()).toEqual(['k1', 'k2']);
    expect(restarted.currentKid()).toBe('k2');
    expect(restarted.open(SID, old)).toBe(RECORD);
  });
  it('answers a key file changed by hand with 503 SESSION_KEYS_UNREADABLE, never a 500', () => {
    for (const content of [
      '{"current":"k1","keys":',
      '{"current":"k2","keys":{"k1":"' + 'A'.repeat(43) + '"}}',
      '[]',
    ]) {
      const dir = dataDir();
      writeFileSync(path.join(dir, SESSION_KEYS_FILE), content);
      const cipher = new SessionCipher(new SessionKeyFile(dir), true);
      let thrown: unknown;
      try {
        cipher.seal(SID, RECORD);
      } catch (error) {
        thrown = error;
      }
      expect(thrown, content).toBeInstanceOf(SessionKeysUnreadableError);
      expect((thrown as SessionKeysUnreadableError).status).toBe(503);
    }
  });
});
