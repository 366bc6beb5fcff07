import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mkdtempSync } from 'node:fs';
import { build } from 'vite';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { BRIDGE_METHODS, BRIDGE_NAME } from '../../shared/bridge.ts';
import { IPC_METHODS } from '../../shared/ipc.ts';
import type { StandInElectron } from './boot-main.ts';

async function freshElectron(): Promise<StandInElectron> {
  vi.resetModules();
  return (await import('./stand-in/electron.ts')) as StandInElectron;
}

/** Checks what a preload exposed: one object, one function per channel, each invoking its own channel. */
async function expectBridge(electron: StandInElectron): Promise<void> {
  expect([...electron.contextBridge.exposed.keys()]).toEqual([BRIDGE_NAME]);
  const bridge = electron.contextBridge.exposed.get(BRIDGE_NAME) as Record<
    string,
    (...args: unknown[]) => Promise<unknown>
  >;
  expect(Object.keys(bridge).sort()).toEqual([...BRIDGE_METHODS].sort());
  for (const [method, channel] of Object.entries(IPC_METHODS)) {
    expect(typeof bridge[method]).toBe('function');
    expect(await bridge[method]!({ theme: 'dark' })).toEqual({ channel, args: [{ theme: 'dark' }] });
  }
  expect(electron.ipcRenderer.calls.map((call) => call.channel)).toEqual(Object.values(IPC_METHODS));
  // Nothing of ipcRenderer leaks through: no generic send/invoke/on.
  for (const leaked of ['invoke', 'send', 'on', 'sendSync', 'ipcRenderer']) expect(bridge).not.toHaveProperty(leaked);
}

describe('preload', () => {
  it('exposes one named object with exactly the channels of the shared map', async () => {
    const electron = await freshElectron();
    await import('../../main/preload.ts');
    await expectBridge(electron);
  });

  describe('as built (the one file a sandboxed preload may be)', () => {
    let bundle = '';
    beforeAll(async () => {
      const outDir = mkdtempSync(path.join(os.tmpdir(), 'sl-preload-'));
      await build({
        configFile: path.join(import.meta.dirname, '../../main/preload.vite.config.ts'),
        logLevel: 'silent',
        build: { outDir },
      });
      bundle = readFileSync(path.join(outDir, 'preload.cjs'), 'utf8');
    }, 60_000);

    it('is CommonJS that requires nothing but electron, and exposes the same bridge', async () => {
      const electron = await freshElectron();
      const required: string[] = [];
      const sandboxedRequire = (name: string) => {
        required.push(name);
        if (name !== 'electron') throw new Error(`a sandboxed preload cannot require ${name}`);
        return electron;
      };
      expect(bundle).not.toMatch(/^\s*(import|export)\s/m);
      new Function('require', 'module', 'exports', bundle)(sandboxedRequire, { exports: {} }, {});
      expect(required).toEqual(['electron']);
      await expectBridge(electron);
    });
  });
});
