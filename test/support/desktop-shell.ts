import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { createIpcHandlers } from '../../main/ipc-handlers.ts';
import { desktopServerConfig, type Launch } from '../../main/server-config.ts';
import { ServerHost, type StartServer } from '../../main/server-host.ts';
import { SettingsFile } from '../../main/settings-file.ts';
import { startServer } from '../../server/server.ts';
import { BRIDGE_NAME } from '../../shared/bridge.ts';
import { IPC_CHANNELS, IPC_METHODS, type IpcChannel } from '../../shared/ipc.ts';
import type { Settings, SettingsPatch } from '../../shared/settings.ts';
import { ensureRendererBuilt, RENDERER_DIR } from './e2e.ts';
import { capturingLogger } from './silent-logger.ts';
import { TEST_PASSWORDS } from './test-app.ts';

/** The name the page calls main through (main/preload.ts uses ipcRenderer.invoke instead). */
const INVOKE = '__sessionLabInvoke';

/**
 * The desktop shell without Electron: main's own server host, settings file and IPC handlers, with plain
 * objects for Electron's app, shell and nativeTheme. Only the transport stands in: the page's bridge calls
 * the handlers through a function Playwright exposes, where the preload would use ipcRenderer.
 */
export interface DesktopShell {
  host: ServerHost;
  settings: SettingsFile;
  dataDir: string;
  /** The page main's window loads (the server's root, no lab key in it: the bridge hands the key over). */
  pageUrl: string;
  /** Every bridge call the page made, in order. */
  calls: { channel: IpcChannel; args: unknown[] }[];
  /** The folders `shell.openPath` was asked to open. */
  openedPaths: string[];
  nativeTheme: { themeSource: Settings['theme'] };
  /** settings.json as it is on disk now. */
  savedSettings(): Settings;
  /** Gives a page `window.sessionLab` before it loads, as the preload does; it becomes the window main reloads. */
  attach(page: Page): Promise<void>;
  close(): Promise<void>;
}

/** Starts the shell's server in a temp data dir whose settings.json starts as `saved` (the embedded store unless told). */
export async function startDesktopShell(
  saved: SettingsPatch = { store: { backend: 'embedded' } },
): Promise<DesktopShell> {
  ensureRendererBuilt();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sl-desktop-'));
  const settings = new SettingsFile(dataDir);
  settings.update(saved);
  const { logger } = capturingLogger();
  const start: StartServer = (config, options) =>
    startServer(config, { ...options, rendererDir: RENDERER_DIR, passwords: TEST_PASSWORDS, logger });
  const host = new ServerHost(start);
  const launch: Launch = { env: { LOG_LEVEL: 'silent' }, argv: [] };
  await host.launch(desktopServerConfig(settings.current, launch, dataDir, false));
  const pageUrl = `${host.server.url}/`;
  const calls: DesktopShell['calls'] = [];
  const openedPaths: string[] = [];
  const nativeTheme: DesktopShell['nativeTheme'] = { themeSource: 'system' };
  let window: Page | undefined;
  const handlers = createIpcHandlers({
    app: { getName: () => 'session-lab', getVersion: () => '0.0.0-test' },
    shell: {
      openPath: async (folder: string) => {
        openedPaths.push(folder);
        return '';
      },
    },
    nativeTheme,
    host,
    settings,
    dataDir,
    launch,
    // What main does: load the server's page again (a window the test already closed has nothing to reload).
    reloadWindow: () => void window?.goto(pageUrl).catch(() => undefined),
    onServerLost: (error) => {
      throw error;
    },
  });
  return {
    host,
    settings,
    dataDir,
    pageUrl,
    calls,
    openedPaths,
    nativeTheme,
    savedSettings: () => JSON.parse(readFileSync(settings.file, 'utf8')) as Settings,
    async attach(page) {
      window = page;
      await page.exposeFunction(INVOKE, async (channel: IpcChannel, ...args: unknown[]) => {
        if (!IPC_CHANNELS.includes(channel)) throw new Error(`${channel}: not a channel of the IPC map`);
        calls.push({ channel, args });
        return (handlers[channel] as (...given: unknown[]) => unknown)(...args);
      });
      await page.addInitScript(
        ({ name, methods, invoke }) => {
          const page = globalThis as unknown as Record<string, unknown>;
          const call = (channel: string, args: unknown[]) =>
            (page[invoke] as (...given: unknown[]) => Promise<unknown>)(channel, ...args);
          const bridge = Object.fromEntries(
            Object.entries(methods).map(([method, channel]) => [method, (...args: unknown[]) => call(channel, args)]),
          );
          Object.defineProperty(page, name, { value: Object.freeze(bridge) });
        },
        { name: BRIDGE_NAME, methods: IPC_METHODS, invoke: INVOKE },
      );
    },
    async close() {
      window = undefined;
      await host.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
