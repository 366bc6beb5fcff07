import { afterEach, describe, expect, it, vi } from 'vitest';
import { bridge, bridgeErrorMessage } from '../../renderer/src/api/desktop-bridge.ts';
import { checkForm, formFromSettings } from '../../renderer/src/settings/settings-form.ts';
import { BRIDGE_METHODS, BRIDGE_NAME } from '../../shared/bridge.ts';
import { REDIS_URL_HINT } from '../../shared/redis-url.ts';
import { DEFAULT_SETTINGS, type Settings } from '../../shared/settings.ts';

const embedded: Settings = { ...DEFAULT_SETTINGS, store: { backend: 'embedded' } };

describe('the settings dialog’s form', () => {
  it('sends nothing when nothing changed', () => {
    expect(checkForm(embedded, formFromSettings(embedded))).toEqual({ ok: true, patch: {}, restarts: false });
  });

  it('sends only what changed, and says whether the server restarts for it', () => {
    expect(checkForm(embedded, { ...formFromSettings(embedded), theme: 'dark' })).toEqual({
      ok: true,
      patch: { theme: 'dark' },
      restarts: false,
    });
    expect(checkForm(embedded, { ...formFromSettings(embedded), ttlPreset: 'watch', theme: 'light' })).toEqual({
      ok: true,
      patch: { ttlPreset: 'watch', theme: 'light' },
      restarts: true,
    });
    expect(
      checkForm(embedded, { ...formFromSettings(embedded), backend: 'redis', redisUrl: ' redis://10.0.0.5:6380/2 ' }),
    ).toEqual({
      ok: true,
      patch: { store: { backend: 'redis', url: 'redis://10.0.0.5:6380/2' } },
      restarts: true,
    });
  });

  it('keeps the Redis URL it was given when another backend is chosen, and sends no URL then', () => {
    const onRedis: Settings = { ...DEFAULT_SETTINGS, store: { backend: 'redis', url: 'redis://127.0.0.1:7000' } };
    const form = formFromSettings(onRedis);
    expect(form.redisUrl).toBe('redis://127.0.0.1:7000');
    expect(checkForm(onRedis, { ...form, backend: 'auto' })).toEqual({
      ok: true,
      patch: { store: { backend: 'auto' } },
      restarts: true,
    });
    // The same URL again is no change.
    expect(checkForm(onRedis, form)).toMatchObject({ ok: true, patch: {} });
  });

  it('refuses a Redis URL the shared schema refuses, with the shared hint', () => {
    for (const url of ['', 'localhost:6379', 'http://127.0.0.1:6379', 'redis://', 'x'.repeat(3_000)]) {
      const check = checkForm(embedded, { ...formFromSettings(embedded), backend: 'redis', redisUrl: url });
      expect(check.ok, url).toBe(false);
      if (url.length < 100) expect(check).toEqual({ ok: false, redisUrlError: REDIS_URL_HINT });
    }
  });
});

describe('the desktop bridge, feature-detected', () => {
  afterEach(() => vi.unstubAllGlobals());
  const complete = () => Object.fromEntries(BRIDGE_METHODS.map((method) => [method, () => Promise.resolve()]));

  it('is there only when every method of the IPC map is', () => {
    vi.stubGlobal(BRIDGE_NAME, undefined);
    expect(bridge()).toBeUndefined();
    vi.stubGlobal(BRIDGE_NAME, complete());
    expect(bridge()).toBeDefined();
    for (const missing of BRIDGE_METHODS) {
      const partial: Record<string, unknown> = complete();
      delete partial[missing];
      vi.stubGlobal(BRIDGE_NAME, partial);
      expect(bridge(), missing).toBeUndefined();
    }
    vi.stubGlobal(BRIDGE_NAME, { ...complete(), serverInfo: 'not a function' });
    expect(bridge()).toBeUndefined();
    vi.stubGlobal(BRIDGE_NAME, null);
    expect(bridge()).toBeUndefined();
  });

  it('shows main’s reason without the wrapping Electron puts around a refused call', () => {
    expect(
      bridgeErrorMessage(
        new Error("Error invoking remote method 'settings:set': Error: settings not changed: ttlPreset"),
      ),
    ).toBe('settings not changed: ttlPreset');
    expect(
      bridgeErrorMessage(
        new Error("Error invoking remote method 'data-dir:reveal': UntrustedSenderError: data-dir:reveal: refused"),
      ),
    ).toBe('data-dir:reveal: refused');
    expect(bridgeErrorMessage(new Error('plain'))).toBe('plain');
  });
});
