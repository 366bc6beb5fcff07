import { EventEmitter } from 'node:events';

// The `electron` module as main/ sees it in tests (vitest.config.ts aliases `electron` here, once). The real
// binary cannot be downloaded where the tests run (CI, sandboxes); this stand-in keeps the parts main/ uses and
// records what main/ did with them. It follows Electron's documented order of events, e.g. app.quit():
// before-quit → windows close → will-quit (preventDefault stops the quit) → quit.

/** An event whose default a listener may prevent (Electron's `Event`). */
export class StandInEvent {
  defaultPrevented = false;
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

let nextContentsId = 1;

/** A web frame: its URL is what the sender check reads. */
export class StandInFrame {
  readonly url: string;
  constructor(url: string) {
    this.url = url;
  }
}

type WindowOpenHandler = (details: { url: string; frameName: string; features: string; disposition: string }) => {
  action: 'allow' | 'deny';
};

/** A webContents: navigation is simulated with {@link StandInWebContents.navigate}. */
export class StandInWebContents extends EventEmitter {
  readonly id = nextContentsId++;
  mainFrame = new StandInFrame('about:blank');
  windowOpenHandler: WindowOpenHandler | undefined;

  setWindowOpenHandler(handler: WindowOpenHandler): void {
    this.windowOpenHandler = handler;
  }

  /** What Electron does when the page tries to go to `url`: `will-navigate`, and true when it went. */
  navigate(url: string, kind: 'will-navigate' | 'will-redirect' = 'will-navigate'): boolean {
    const event = new StandInEvent();
    this.emit(kind, event, url);
    if (!event.defaultPrevented) this.mainFrame = new StandInFrame(url);
    return !event.defaultPrevented;
  }

  /** What Electron does on `window.open(url)`: asks the handler (no handler allows it). */
  open(url: string): 'allow' | 'deny' {
    return this.windowOpenHandler?.({ url, frameName: '', features: '', disposition: 'new-window' }).action ?? 'allow';
  }

  /** A `<webview>` about to attach: true when it was allowed. */
  attachWebview(): boolean {
    const event = new StandInEvent();
    this.emit('will-attach-webview', event, {}, {});
    return !event.defaultPrevented;
  }
}

/** A BrowserWindow: records its options and the URLs it loaded. */
export class BrowserWindow extends EventEmitter {
  static readonly all: BrowserWindow[] = [];
  readonly webContents = new StandInWebContents();
  readonly loaded: string[] = [];
  destroyed = false;
  minimized = false;
  focused = 0;

  readonly options: Record<string, unknown>;

  constructor(options: Record<string, unknown>) {
    super();
    this.options = options;
    BrowserWindow.all.push(this);
    app.emit('web-contents-created', new StandInEvent(), this.webContents);
  }

  static getAllWindows(): BrowserWindow[] {
    return BrowserWindow.all.filter((window) => !window.destroyed);
  }

  async loadURL(url: string): Promise<void> {
    this.loaded.push(url);
    this.webContents.mainFrame = new StandInFrame(url);
    queueMicrotask(() => this.emit('ready-to-show'));
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  restore(): void {
    this.minimized = false;
  }
  show(): void {}
  focus(): void {
    this.focused += 1;
  }
  close(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.emit('closed');
  }
}

/** The app: a lock that can be taken by "another instance", paths, readiness and the quit sequence. */
class StandInApp extends EventEmitter {
  /** False makes requestSingleInstanceLock() fail, as when another instance holds the lock. */
  lockAvailable = true;
  userData = '';
  /** What happened, in order (quit, exit, …): the shutdown test reads it. */
  readonly journal: string[] = [];
  exitCode: number | undefined;
  #resolveReady!: () => void;
  readonly #ready = new Promise<void>((resolve) => (this.#resolveReady = resolve));

  requestSingleInstanceLock(): boolean {
    return this.lockAvailable;
  }
  getPath(name: string): string {
    if (!this.userData) throw new Error(`stand-in app.getPath(${name}): userData not set by the test`);
    if (name === 'userData') return this.userData;
    // Electron puts logs in ~/Library/Logs/<name> on macOS and <userData>/logs elsewhere.
    if (name === 'logs') return `${this.userData}/logs`;
    throw new Error(`stand-in app.getPath(${name}): not a path main/ uses`);
  }
  /** package.json's name: the package has no productName, so Electron answers its name. */
  getName(): string {
    return 'session-lab';
  }
  getVersion(): string {
    return '0.1.0-test';
  }
  whenReady(): Promise<void> {
    return this.#ready;
  }
  /** The test says when Electron is ready. */
  markReady(): void {
    this.emit('ready');
    this.#resolveReady();
  }
  quit(): void {
    this.journal.push('app.quit');
    const beforeQuit = new StandInEvent();
    this.emit('before-quit', beforeQuit);
    if (beforeQuit.defaultPrevented) return;
    for (const window of BrowserWindow.getAllWindows()) window.close();
    const willQuit = new StandInEvent();
    this.emit('will-quit', willQuit);
    if (willQuit.defaultPrevented) return;
    this.journal.push('quit');
    this.emit('quit');
  }
  exit(code = 0): void {
    this.journal.push(`exit ${code}`);
    this.exitCode = code;
  }
}

/** `app` */
export const app = new StandInApp();

type InvokeHandler = (event: unknown, ...args: unknown[]) => unknown;

/** `ipcMain`: handlers by channel; {@link ipcMain.invoke} plays a renderer's `ipcRenderer.invoke`. */
export const ipcMain = {
  handlers: new Map<string, InvokeHandler>(),
  handle(channel: string, handler: InvokeHandler): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  },
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  },
  /** Sends an invoke from `sender` (its main frame unless `frame` is given), as Electron would deliver it. */
  async invoke(
    sender: StandInWebContents,
    channel: string,
    args: unknown[] = [],
    frame: StandInFrame | null = sender.mainFrame,
  ): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler({ sender, senderFrame: frame, processId: 1, frameId: 1 }, ...args);
  },
};

/** `ipcRenderer`: records invokes and answers them with {@link ipcRenderer.answer}. */
export const ipcRenderer = {
  calls: [] as { channel: string; args: unknown[] }[],
  answer: (channel: string, ...args: unknown[]): unknown => ({ channel, args }),
  async invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.calls.push({ channel, args });
    return this.answer(channel, ...args);
  },
};

/** `contextBridge`: records what the preload exposed. */
export const contextBridge = {
  exposed: new Map<string, unknown>(),
  exposeInMainWorld(name: string, api: unknown): void {
    if (this.exposed.has(name))
      throw new Error(`Cannot bind an API on top of an existing property on the window object: ${name}`);
    this.exposed.set(name, api);
  },
};

type PermissionRequestHandler = (
  contents: unknown,
  permission: string,
  callback: (granted: boolean) => void,
  details: { requestingUrl: string },
) => void;
type PermissionCheckHandler = (
  contents: unknown,
  permission: string,
  requestingOrigin: string,
  details: unknown,
) => boolean;
type HeadersHandler = (
  details: { url: string; responseHeaders?: Record<string, string[]> },
  callback: (response: { responseHeaders?: Record<string, string[]>; cancel?: boolean }) => void,
) => void;

/** `session.defaultSession`: records the permission handlers and the response-header hook. */
export const session = {
  defaultSession: {
    permissionRequestHandler: undefined as PermissionRequestHandler | undefined,
    permissionCheckHandler: undefined as PermissionCheckHandler | undefined,
    headersHandler: undefined as HeadersHandler | undefined,
    setPermissionRequestHandler(handler: PermissionRequestHandler): void {
      this.permissionRequestHandler = handler;
    },
    setPermissionCheckHandler(handler: PermissionCheckHandler): void {
      this.permissionCheckHandler = handler;
    },
    webRequest: {
      onHeadersReceived(handler: HeadersHandler): void {
        session.defaultSession.headersHandler = handler;
      },
    },
  },
};

/** `shell`: records the URLs and paths it was asked to open. */
export const shell = {
  opened: [] as string[],
  openedPaths: [] as string[],
  async openExternal(url: string): Promise<void> {
    this.opened.push(url);
  },
  async openPath(target: string): Promise<string> {
    this.openedPaths.push(target);
    return '';
  },
};

/** `dialog`: records error boxes. */
export const dialog = {
  errors: [] as { title: string; content: string }[],
  showErrorBox(title: string, content: string): void {
    this.errors.push({ title, content });
  },
};

/** `nativeTheme` */
export const nativeTheme = { themeSource: 'system' as 'system' | 'light' | 'dark' };
