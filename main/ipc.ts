import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { IPC_CHANNELS, type IpcChannel, type IpcContract } from '../shared/ipc.ts';

type Unchecked<T extends unknown[]> = { [K in keyof T]: unknown };

/** One handler per channel of the shared map; the arguments are still unchecked (`unknown`) when they arrive. */
export type IpcHandlers = {
  [C in IpcChannel]: (
    ...args: Unchecked<IpcContract[C]['request']>
  ) => Promise<IpcContract[C]['response']> | IpcContract[C]['response'];
};

/** Decides whether an IPC message comes from the app's own window. */
export type SenderCheck = (event: IpcMainInvokeEvent) => boolean;

/** Raised for a message from any sender but the app's own window; the invoking page sees only this message. */
export class UntrustedSenderError extends Error {
  constructor(channel: string) {
    super(`${channel}: refused, the sender is not Session Lab's window`);
    this.name = 'UntrustedSenderError';
  }
}

/**
 * Registers exactly the channels of the shared map. A message from any other sender is refused before its
 * handler runs.
 */
export function registerIpcHandlers(ipcMain: IpcMain, handlers: IpcHandlers, isTrusted: SenderCheck): void {
  for (const channel of IPC_CHANNELS) {
    const handler = handlers[channel] as (...args: unknown[]) => unknown;
    ipcMain.handle(channel, async (event, ...args: unknown[]) => {
      if (!isTrusted(event)) throw new UntrustedSenderError(channel);
      return handler(...args);
    });
  }
}

/**
 * The sender check: the message must come from the main frame of `window()`'s webContents, and that frame
 * must show a page of the app's server (not a page it was somehow navigated to).
 */
export function fromAppWindow(
  window: () => { webContents: WebContents } | undefined,
  appOrigin: () => string | null,
): SenderCheck {
  return (event) => {
    const contents = window()?.webContents;
    const frame = event.senderFrame;
    if (!contents || event.sender !== contents || !frame || frame !== contents.mainFrame) return false;
    const origin = appOrigin();
    try {
      return origin !== null && new URL(frame.url).origin === origin;
    } catch {
      return false;
    }
  };
}
