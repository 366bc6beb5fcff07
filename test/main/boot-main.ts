import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { vi } from 'vitest';
import type { Settings } from '../../shared/settings.ts';
import { waitFor } from '../support/wait-for.ts';
import type * as StandIn from './stand-in/electron.ts';

/** The stand-in `electron` module (the one main/ got, since vitest.config.ts aliases `electron` to it). */
export type StandInElectron = typeof StandIn;

/** A booted desktop shell: main/index.ts ran against a fresh stand-in Electron. */
export interface BootedMain {
  electron: StandInElectron;
  userData: string;
  dataDir: string;
}

/** How to boot: saved settings, whether the single-instance lock is free, env vars for this launch. */
export interface BootOptions {
  settings?: Partial<Settings>;
  lockAvailable?: boolean;
  env?: Record<string, string>;
  /** Make the data dir unusable (a file where the directory should be). */
  breakDataDir?: boolean;
}

const baseEnv = { LOG_LEVEL: 'silent', SESSION_LAB_DEMO_ACCOUNTS: 'false', SESSION_LAB_REDIS_PROBE_TIMEOUT: '50' };

/**
 * Runs main/index.ts as Electron would: fresh modules (so the stand-in is fresh too), a temporary userData,
 * then `ready`. Env vars are set for the launch and put back by {@link restoreEnv}.
 */
export async function bootMain(options: BootOptions = {}): Promise<BootedMain> {
  vi.resetModules();
  const electron = (await import('./stand-in/electron.ts')) as StandInElectron;
  const userData = mkdtempSync(path.join(os.tmpdir(), 'sl-main-'));
  const dataDir = path.join(userData, 'data');
  if (options.breakDataDir) writeFileSync(dataDir, 'not a directory');
  else if (options.settings) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(path.join(dataDir, 'settings.json'), JSON.stringify(options.settings));
  }
  electron.app.userData = userData;
  electron.app.lockAvailable = options.lockAvailable ?? true;
  setEnv({ ...baseEnv, ...options.env });
  await import('../../main/index.ts');
  electron.app.markReady();
  return { electron, userData, dataDir };
}

const saved = new Map<string, string | undefined>();

function setEnv(values: Record<string, string>): void {
  for (const [name, value] of Object.entries(values)) {
    if (!saved.has(name)) saved.set(name, process.env[name]);
    process.env[name] = value;
  }
}

/** Puts back the env vars {@link bootMain} set. */
export function restoreEnv(): void {
  for (const [name, value] of saved) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  saved.clear();
}

/** Waits for main to open its window, and returns it with the page URL it loaded. */
export async function mainWindow(
  booted: BootedMain,
): Promise<{ window: InstanceType<StandInElectron['BrowserWindow']>; url: string }> {
  const { BrowserWindow } = booted.electron;
  const window = await waitFor(
    'the main window',
    () => (BrowserWindow.all[0]?.loaded[0] ? BrowserWindow.all[0] : undefined),
    15_000,
  );
  return { window, url: window.loaded[0]! };
}

/** Quits the app the way a user does and waits until Electron would exit. */
export async function quitApp(booted: BootedMain): Promise<void> {
  booted.electron.app.quit();
  await waitFor('the app to quit', () => (booted.electron.app.journal.includes('quit') ? true : undefined), 15_000);
}
