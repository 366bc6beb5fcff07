import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { IPC_CHANNELS } from '../../shared/ipc.ts';
import { REDIS_SERVER_BIN } from '../support/requirements.ts';
import { startTestRedis, type TestRedis } from '../support/redis-server.ts';
import { waitFor } from '../support/wait-for.ts';
import { freePort } from '../support/redis-server.ts';
import { cookieLogin, sessionMe, tokenData, tokenLogin, tokenRefresh } from '../support/session-clients.ts';
import { bootMain, mainWindow, quitApp, restoreEnv, type BootedMain } from './boot-main.ts';

// main/index.ts run end to end against the stand-in Electron: a real server, a real SQLite file or a real
// redis-server, real HTTP. Only Electron itself is stood in.

async function health(url: string): Promise<{ store: { kind: string } }> {
  const response = await fetch(new URL('/api/v1/health', url));
  return (await response.json()) as { store: { kind: string } };
}

async function reachable(url: string): Promise<boolean> {
  try {
    await fetch(new URL('/api/v1/health', url));
    return true;
  } catch {
    return false;
  }
}

let booted: BootedMain | undefined;
const signalListeners = process.listenerCount('SIGINT');

afterEach(async () => {
  if (booted && !booted.electron.app.journal.includes('quit') && booted.electron.app.exitCode === undefined)
    await quitApp(booted);
  booted = undefined;
  restoreEnv();
});

describe('desktop shell (main/index.ts)', () => {
  it('starts the server from the data dir under userData, then opens one strict window on it', async () => {
    booted = await bootMain({ settings: { store: { backend: 'embedded' } }, env: { LOG_LEVEL: 'info' } });
    const { window, url } = await mainWindow(booted);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    // The server logs to a file in the logs folder, not to stdout (a Windows GUI app has none).
    expect(readFileSync(path.join(booted.userData, 'logs', 'server.log'), 'utf8')).toContain(
      'store: store sqlite: the embedded store was asked for',
    );
    expect((await health(url)).store.kind).toBe('sqlite');
    expect(existsSync(path.join(booted.dataDir, 'store.sqlite'))).toBe(true);
    expect(existsSync(path.join(booted.dataDir, 'accounts.sqlite'))).toBe(true);
    const preferences = window.options.webPreferences as Record<string, unknown>;
    expect(preferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    });
    expect(path.basename(preferences.preload as string)).toBe('preload.cjs');
    // Every channel of the shared map has a handler, and no other channel does.
    expect([...booted.electron.ipcMain.handlers.keys()].sort()).toEqual([...IPC_CHANNELS].sort());
  });

  it('answers IPC from its own window only (and opened it in the saved theme)', async () => {
    booted = await bootMain({ settings: { store: { backend: 'embedded' }, theme: 'dark' } });
    const { window, url } = await mainWindow(booted);
    expect(booted.electron.nativeTheme.themeSource).toBe('dark');
    const { ipcMain, BrowserWindow, StandInFrame } = booted.electron;
    const info = (await ipcMain.invoke(window.webContents, 'server:info')) as {
      url: string;
      labKey: string;
      store: string;
    };
    expect(info).toMatchObject({ url: url.replace(/\/$/, ''), store: 'sqlite' });
    expect(info.labKey.length).toBeGreaterThan(20);
    // Another window (say, one a bug let open) and a subframe of ours are refused before any handler runs.
    const stranger = new BrowserWindow({});
    await stranger.loadURL(url);
    await expect(ipcMain.invoke(stranger.webContents, 'server:info')).rejects.toThrow(/not Session Lab's window/);
    await expect(ipcMain.invoke(window.webContents, 'server:info', [], new StandInFrame(url))).rejects.toThrow(
      /not Session Lab's window/,
    );
    await expect(ipcMain.invoke(window.webContents, 'server:info', [], null)).rejects.toThrow(
      /not Session Lab's window/,
    );
  });

  it('keeps the window on the app: foreign navigation, popups and webviews are refused; docs open in the OS browser', async () => {
    booted = await bootMain({ settings: { store: { backend: 'embedded' } } });
    const { window, url } = await mainWindow(booted);
    const contents = window.webContents;
    expect(contents.navigate(`${url}?tab=inspector`)).toBe(true);
    expect(contents.navigate('https://evil.example/')).toBe(false);
    expect(contents.navigate('http://127.0.0.1:1/')).toBe(false);
    expect(contents.navigate('http://localhost' + new URL(url).port)).toBe(false);
    expect(contents.navigate('https://evil.example/', 'will-redirect')).toBe(false);
    expect(contents.attachWebview()).toBe(false);
    expect(contents.open('https://evil.example/')).toBe('deny');
    expect(contents.open('https://owasp.org.evil.example/')).toBe('deny');
    expect(contents.open('https://datatracker.ietf.org/doc/html/rfc7519')).toBe('deny');
    await new Promise((resolve) => setImmediate(resolve));
    expect(booted.electron.shell.opened).toEqual(['https://datatracker.ietf.org/doc/html/rfc7519']);
  });

  it('refuses permission requests, except clipboard writes from its own page', async () => {
    booted = await bootMain({ settings: { store: { backend: 'embedded' } } });
    const { url } = await mainWindow(booted);
    const session = booted.electron.session.defaultSession;
    const ask = (permission: string, requestingUrl: string) =>
      new Promise<boolean>((resolve) => session.permissionRequestHandler!({}, permission, resolve, { requestingUrl }));
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'hid'])
      expect(await ask(permission, url)).toBe(false);
    expect(await ask('clipboard-sanitized-write', url)).toBe(true);
    expect(await ask('clipboard-sanitized-write', 'https://evil.example/')).toBe(false);
    expect(session.permissionCheckHandler!({}, 'clipboard-sanitized-write', new URL(url).origin, {})).toBe(true);
    expect(session.permissionCheckHandler!({}, 'media', new URL(url).origin, {})).toBe(false);
  });

  it('puts a CSP with connect-src limited to the loopback server on the app’s responses', async () => {
    booted = await bootMain({ settings: { store: { backend: 'embedded' } } });
    const { url } = await mainWindow(booted);
    const handler = booted.electron.session.defaultSession.headersHandler!;
    const run = (target: string, headers: Record<string, string[]>) =>
      new Promise<Record<string, string[]> | undefined>((resolve) =>
        handler({ url: target, responseHeaders: headers }, (response) => resolve(response.responseHeaders)),
      );
    const ours = await run(`${url}index.html`, {
      'content-security-policy': ["default-src 'self'"],
      'content-type': ['text/html'],
    });
    const origin = new URL(url).origin;
    expect(ours!['Content-Security-Policy']).toEqual([expect.stringContaining(`connect-src ${origin}`)]);
    expect(ours!['Content-Security-Policy']![0]).toContain("default-src 'self'");
    expect(Object.keys(ours!).filter((name) => name.toLowerCase() === 'content-security-policy')).toHaveLength(1);
    expect(ours!['content-type']).toEqual(['text/html']);
    expect(await run('https://example.org/', { a: ['b'] })).toBeUndefined();
    // The lab pages keep the policy the server gave them (the XSS lab's page allows the evil origin's script on purpose).
    expect(
      await run(`${url}lab/xss-frame?name=x`, { 'content-security-policy': ['frame-src http://127.0.0.1:1'] }),
    ).toBeUndefined();
    // The lab 5 site is another origin (another port): its page keeps its own policy too.
    expect(
      await run(`http://127.0.0.1:1/lab/xss?name=x`, { 'content-security-policy': ['script-src http://localhost:2'] }),
    ).toBeUndefined();
    expect(await run(`${url}labs`, { 'content-security-policy': ["default-src 'self'"] })).toBeDefined();
  });

  it('a second launch focuses the running window; a launch without the lock quits at once', async () => {
    booted = await bootMain({ settings: { store: { backend: 'embedded' } } });
    const { window } = await mainWindow(booted);
    window.minimized = true;
    booted.electron.app.emit('second-instance', {}, ['session-lab'], process.cwd());
    expect(window.minimized).toBe(false);
    expect(window.focused).toBe(1);
    await quitApp(booted);

    booted = await bootMain({ lockAvailable: false });
    expect(booted.electron.app.journal).toEqual(['app.quit', 'quit']);
    await new Promise((resolve) => setImmediate(resolve));
    expect(booted.electron.BrowserWindow.all).toHaveLength(0);
    expect(existsSync(booted.dataDir)).toBe(false);
  });

  it('on quit: the window closes, then the server and its store, then the app exits', async () => {
    booted = await bootMain({ settings: { store: { backend: 'embedded' } } });
    const { window, url } = await mainWindow(booted);
    const order: string[] = [];
    window.on('closed', () => order.push('window closed'));
    const { app } = booted.electron;
    app.on('quit', () => order.push('app quit'));
    app.quit();
    // The first will-quit is held back until the server has closed.
    expect(app.journal).toEqual(['app.quit']);
    expect(order).toEqual(['window closed']);
    await quitApp(booted);
    expect(order).toEqual(['window closed', 'app quit']);
    expect(await reachable(url)).toBe(false);
    // The store is closed too: the SQLite file is no longer held (its WAL checkpointed and removed).
    expect(existsSync(path.join(booted.dataDir, 'store.sqlite-wal'))).toBe(false);
  });

  it('a second quit (another Cmd-Q, another Ctrl-C) while the server drains is held back too', async () => {
    booted = await bootMain({ settings: { store: { backend: 'embedded' } } });
    const { url } = await mainWindow(booted);
    const { app } = booted.electron;
    app.quit();
    app.quit();
    process.emit('SIGINT');
    expect(app.journal.filter((entry) => entry === 'quit')).toEqual([]);
    await waitFor('the app to quit', () => (app.journal.includes('quit') ? true : undefined), 15_000);
    expect(app.journal.filter((entry) => entry === 'quit')).toEqual(['quit']);
    expect(await reachable(url)).toBe(false);
    // Once quit, the app no longer listens for signals.
    expect(process.listenerCount('SIGINT')).toBe(signalListeners);
  });

  it('a data dir that cannot be used is told in a dialog and the app exits with 1', async () => {
    booted = await bootMain({ breakDataDir: true });
    const { dialog, app } = booted.electron;
    await waitFor('the error dialog', () => dialog.errors[0]);
    expect(dialog.errors).toEqual([
      {
        title: 'Session Lab could not start',
        content: expect.stringMatching(/cannot use data dir[^]*The server's log: .*logs\/server\.log$/),
      },
    ]);
    expect(app.exitCode).toBe(1);
  });
});

describe.skipIf(!REDIS_SERVER_BIN)('desktop shell settings (real redis-server)', () => {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await startTestRedis(REDIS_SERVER_BIN!);
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it('switching the store restarts the server on the same origin with the same lab key; the window reloads', async () => {
    booted = await bootMain({
      settings: { store: { backend: 'embedded' } },
      env: { SESSION_LAB_DEMO_ACCOUNTS: 'true' },
    });
    const { window, url } = await mainWindow(booted);
    const { ipcMain } = booted.electron;
    const before = (await ipcMain.invoke(window.webContents, 'server:info')) as { labKey: string };
    const change = (await ipcMain.invoke(window.webContents, 'settings:set', [
      { store: { backend: 'redis', url: redis.url }, ttlPreset: 'watch' },
    ])) as {
      restarted: boolean;
      server: { url: string; labKey: string; store: string };
    };
    expect(change.restarted).toBe(true);
    expect(change.server).toMatchObject({ url: url.replace(/\/$/, ''), labKey: before.labKey, store: 'redis' });
    expect((await health(url)).store.kind).toBe('redis');
    await new Promise((resolve) => setImmediate(resolve));
    expect(window.loaded).toEqual([url, url]);
    expect(JSON.parse(readFileSync(path.join(booted.dataDir, 'settings.json'), 'utf8'))).toMatchObject({
      store: { backend: 'redis', url: redis.url },
      ttlPreset: 'watch',
    });
    // The "watch them expire" preset is in force: an access token now lives 20 s.
    const login = await fetch(new URL('/api/v1/token/login', url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: new URL(url).origin },
      body: JSON.stringify({ username: 'alice', password: 'alice-lab-pass' }),
    });
    expect(login.status).toBe(200);
    const { access_token: accessToken } = (await login.json()) as { access_token: string };
    const claims = JSON.parse(Buffer.from(accessToken.split('.')[1]!, 'base64url').toString()) as {
      iat: number;
      exp: number;
    };
    expect(claims.exp - claims.iat).toBe(20);
  });

  it('switching the store asks for the sessions to be copied: the cookie and the token made before still work', async () => {
    booted = await bootMain({
      settings: { store: { backend: 'embedded' } },
      env: { SESSION_LAB_DEMO_ACCOUNTS: 'true' },
    });
    const { window, url } = await mainWindow(booted);
    const { ipcMain } = booted.electron;
    const cookie = await cookieLogin(url, 'alice', 'alice-lab-pass');
    const token = await tokenLogin(url, 'bob', 'bob-lab-pass');
    const change = (await ipcMain.invoke(window.webContents, 'settings:set', [
      { store: { backend: 'redis', url: redis.url } },
    ])) as { server: { store: string; storeReason: string } };
    expect(change.server.store).toBe('redis');
    expect(change.server.storeReason).toMatch(/sessions moved from the embedded store .*: \d+ keys copied \(sess 1, /);
    expect(await sessionMe(url, cookie)).toEqual({ status: 200, username: 'alice' });
    expect(await tokenData(url, token.access)).toBe(200);
    // And back: the sessions made or kept on Redis come along again.
    const back = (await ipcMain.invoke(window.webContents, 'settings:set', [{ store: { backend: 'embedded' } }])) as {
      server: { store: string; storeReason: string };
    };
    expect(back.server.storeReason).toMatch(/sessions moved from Redis at /);
    expect(await sessionMe(url, cookie)).toEqual({ status: 200, username: 'alice' });
    expect(await tokenRefresh(url, token.refresh)).toBe(200);
  });

  it('IPC goes on answering while the server restarts (the origin does not change)', async () => {
    booted = await bootMain({ settings: { store: { backend: 'embedded' } } });
    const { window } = await mainWindow(booted);
    const { ipcMain } = booted.electron;
    const restart = ipcMain.invoke(window.webContents, 'settings:set', [
      { store: { backend: 'redis', url: redis.url } },
    ]);
    const info = (await ipcMain.invoke(window.webContents, 'server:info')) as { store: string };
    // It waited for the restart to finish and answers about the new server.
    expect(info.store).toBe('redis');
    expect(await ipcMain.invoke(window.webContents, 'settings:get')).toMatchObject({ store: { backend: 'redis' } });
    await restart;
  });

  it('a Redis URL where nothing answers is refused; the previous store comes back and nothing is saved', async () => {
    booted = await bootMain({
      settings: { store: { backend: 'embedded' } },
      env: { SESSION_LAB_DEMO_ACCOUNTS: 'true' },
    });
    const { window, url } = await mainWindow(booted);
    const { ipcMain } = booted.electron;
    const cookie = await cookieLogin(url, 'alice', 'alice-lab-pass');
    const nobody = `redis://127.0.0.1:${await freePort()}`;
    await expect(
      ipcMain.invoke(window.webContents, 'settings:set', [{ store: { backend: 'redis', url: nobody } }]),
    ).rejects.toThrow(
      new RegExp(
        `settings not changed: .*Redis at ${nobody}/? did not answer within 1000 ms .*The previous store is back`,
      ),
    );
    expect((await health(url)).store.kind).toBe('sqlite');
    // Back on the old store, which the failed copy only read: the learner is still signed in.
    expect(await sessionMe(url, cookie)).toEqual({ status: 200, username: 'alice' });
    expect(JSON.parse(readFileSync(path.join(booted.dataDir, 'settings.json'), 'utf8'))).toMatchObject({
      store: { backend: 'embedded' },
    });
    expect(window.loaded).toEqual([url]);
  });

  it('a bad change is refused with a clear message and changes nothing; theme changes need no restart', async () => {
    booted = await bootMain({ settings: { store: { backend: 'embedded' } } });
    const { window, url } = await mainWindow(booted);
    const { ipcMain, nativeTheme } = booted.electron;
    const file = path.join(booted.dataDir, 'settings.json');
    const saved = readFileSync(file, 'utf8');
    await expect(
      ipcMain.invoke(window.webContents, 'settings:set', [{ store: { backend: 'redis', url: 'http://example.org' } }]),
    ).rejects.toThrow(/settings not changed.*redis:\/\//s);
    await expect(ipcMain.invoke(window.webContents, 'settings:set', [{ nodeIntegration: true }])).rejects.toThrow(
      /settings not changed/,
    );
    expect(readFileSync(file, 'utf8')).toBe(saved);
    const change = (await ipcMain.invoke(window.webContents, 'settings:set', [{ theme: 'dark' }])) as {
      restarted: boolean;
    };
    expect(change.restarted).toBe(false);
    expect(nativeTheme.themeSource).toBe('dark');
    expect(window.loaded).toEqual([url]);
    expect(await ipcMain.invoke(window.webContents, 'settings:get')).toMatchObject({
      theme: 'dark',
      store: { backend: 'embedded' },
    });
    await ipcMain.invoke(window.webContents, 'data-dir:reveal');
    expect(booted.electron.shell.openedPaths).toEqual([booted.dataDir]);
  });
});
