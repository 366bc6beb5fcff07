import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SettingsFile } from '../../main/settings-file.ts';
import { DEFAULT_SETTINGS } from '../../shared/settings.ts';

const tempDir = () => mkdtempSync(path.join(os.tmpdir(), 'sl-settings-'));

describe('SettingsFile', () => {
  it('starts from the defaults and keeps a change across restarts', () => {
    const dir = tempDir();
    expect(new SettingsFile(dir).current).toEqual(DEFAULT_SETTINGS);
    expect(DEFAULT_SETTINGS).toEqual({ store: { backend: 'auto' }, ttlPreset: 'standard', theme: 'system' });
    const { before, after } = new SettingsFile(dir).update({
      store: { backend: 'redis', url: 'redis://127.0.0.1:6390/2' },
      theme: 'dark',
    });
    expect(before).toEqual(DEFAULT_SETTINGS);
    expect(after).toEqual({
      store: { backend: 'redis', url: 'redis://127.0.0.1:6390/2' },
      ttlPreset: 'standard',
      theme: 'dark',
    });
    expect(new SettingsFile(dir).current).toEqual(after);
    expect(readdirSync(dir)).toEqual(['settings.json']);
  });

  it('refuses unknown fields and bad values, and leaves the file as it was', () => {
    const dir = tempDir();
    const settings = new SettingsFile(dir);
    settings.update({ ttlPreset: 'watch' });
    const saved = readFileSync(settings.file, 'utf8');
    for (const patch of [
      { nodeIntegration: true },
      { store: { backend: 'redis', url: 'http://x' } },
      { store: { backend: 'embedded', url: 'redis://x' } },
      { ttlPreset: 'forever' },
      { theme: 7 },
      null,
      'dark',
    ]) {
      expect(() => settings.update(patch)).toThrow();
    }
    expect(readFileSync(settings.file, 'utf8')).toBe(saved);
    expect(settings.current.ttlPreset).toBe('watch');
  });

  it('moves an unreadable file aside instead of overwriting it, and says so', () => {
    for (const content of ['{ not json', JSON.stringify({ store: { backend: 'cloud' } })]) {
      const dir = tempDir();
      writeFileSync(path.join(dir, 'settings.json'), content);
      const settings = new SettingsFile(dir);
      expect(settings.current).toEqual(DEFAULT_SETTINGS);
      expect(settings.problem).toMatch(/settings\.json could not be read .* moved to settings\.json\.unreadable-\d+/);
      const aside = readdirSync(dir).find((name) => name.startsWith('settings.json.unreadable-'))!;
      expect(readFileSync(path.join(dir, aside), 'utf8')).toBe(content);
      expect(existsSync(path.join(dir, 'settings.json'))).toBe(false);
    }
  });
});
