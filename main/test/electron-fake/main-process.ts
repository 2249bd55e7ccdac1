import { fork, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as Electron from 'electron';
import { Answers, FakeEvent } from './events';

/**
 * The parts of Electron's main-process API that Descent Lab uses, modelled on what
 * `electron.d.ts` declares and the lifecycle Electron documents. Each class names the members it
 * stands in for (`Pick<Electron.X, …>`), so a change to Electron's API breaks compilation here.
 */

/** Runs a built utility-process script in a real Node child, with `process.parentPort` as Electron gives it. */
const PARENT_PORT_SHIM = `
const { EventEmitter } = require('node:events');
const send = process.send.bind(process);
const port = new EventEmitter();
port.postMessage = (message) => send(message);
process.on('message', (data) => port.emit('message', { data, ports: [] }));
Object.defineProperty(process, 'parentPort', { value: port });
// Electron gives a utility process no IPC channel of Node's own.
delete process.send;
const script = process.argv[2];
process.argv.splice(2, 1);
require(script);
`;

export class FakeApp
  extends EventEmitter
  implements
    Pick<
      Electron.App,
      | 'whenReady'
      | 'isReady'
      | 'quit'
      | 'exit'
      | 'getPath'
      | 'setPath'
      | 'getLocale'
      | 'requestSingleInstanceLock'
      | 'getName'
      | 'getVersion'
    >
{
  isPackaged = false;
  locale = 'en-US';
  /** False: another instance holds the lock (this one should quit). */
  hasLock = true;
  private ready = false;
  private readonly readyPromise: Promise<void>;
  private resolveReady!: () => void;
  private quitting = false;
  exitCode: number | undefined;
  private readonly paths = new Map<string, string>();
  readonly exited: Promise<number>;
  private resolveExited!: (code: number) => void;

  constructor(
    private readonly electron: FakeElectron,
    userData: string,
  ) {
    super();
    this.paths.set('userData', userData);
    this.readyPromise = new Promise((resolve) => (this.resolveReady = resolve));
    this.exited = new Promise((resolve) => (this.resolveExited = resolve));
  }

  /** What Electron does once it has started: `will-finish-launching`, then `ready`. */
  start(): void {
    this.emit('will-finish-launching');
    this.ready = true;
    this.emit('ready', new FakeEvent(), {});
    this.resolveReady();
  }

  whenReady(): Promise<void> {
    return this.readyPromise;
  }

  isReady(): boolean {
    return this.ready;
  }

  /** Whether the process has ended (quit completed, or exit called). */
  get hasExited(): boolean {
    return this.exitCode !== undefined;
  }

  /**
   * Electron's documented order: `before-quit` (preventable); then every window is asked to
   * close, and a window whose `close` is prevented cancels the quit; then `will-quit`
   * (preventable), then `quit` and the process ends. `window-all-closed` is not emitted.
   */
  quit(): void {
    if (this.hasExited) return;
    const beforeQuit = new FakeEvent();
    this.emit('before-quit', beforeQuit);
    if (beforeQuit.defaultPrevented) return;
    this.quitting = true;
    for (const window of [...this.electron.windows]) {
      if (!window.closeForQuit()) {
        this.quitting = false;
        return;
      }
    }
    this.quitting = false;
    const willQuit = new FakeEvent();
    this.emit('will-quit', willQuit);
    if (willQuit.defaultPrevented) return;
    this.emit('quit', new FakeEvent(), 0);
    this.end(0);
  }

  exit(exitCode = 0): void {
    for (const window of [...this.electron.windows]) window.destroy();
    this.end(exitCode);
  }

  private end(code: number): void {
    if (this.hasExited) return;
    this.exitCode = code;
    this.resolveExited(code);
  }

  /** A window closed outside a quit; the last one going emits `window-all-closed`, or quits if nobody listens. */
  windowClosed(): void {
    if (this.quitting || this.electron.windows.length > 0) return;
    if (this.listenerCount('window-all-closed') > 0) this.emit('window-all-closed');
    else this.quit();
  }

  getPath(name: Parameters<Electron.App['getPath']>[0]): string {
    const value = this.paths.get(name);
    if (!value) throw new Error(`fake app.getPath: no path for ${name}`);
    return value;
  }

  setPath(name: string, value: string): void {
    if (this.ready) throw new Error('app.setPath must be called before ready');
    this.paths.set(name, value);
  }

  getLocale(): string {
    return this.locale;
  }

  requestSingleInstanceLock(): boolean {
    return this.hasLock;
  }

  getName(): string {
    return 'Descent Lab';
  }

  getVersion(): string {
    return '0.0.0-fake';
  }
}

/** A frame of a page, with the real URL it shows. */
export class FakeFrame implements Pick<Electron.WebFrameMain, 'url' | 'frameTreeNodeId'> {
  private static nextId = 1;
  readonly frameTreeNodeId = FakeFrame.nextId++;
  url = '';
  readonly top: FakeFrame | null;

  constructor(readonly parent: FakeFrame | null) {
    this.top = parent ? parent.top : null;
  }
}

/** What the window's renderer (the preload's ipcRenderer) receives from main. */
export type RendererSink = (channel: string, ...args: unknown[]) => void;

export class FakeWebContents
  extends EventEmitter
  implements Pick<Electron.WebContents, 'send' | 'isDestroyed' | 'getURL' | 'setWindowOpenHandler'>
{
  private static nextId = 1;
  readonly id = FakeWebContents.nextId++;
  readonly mainFrame = new FakeFrame(null);
  private destroyed = false;
  private windowOpenHandler: Parameters<Electron.WebContents['setWindowOpenHandler']>[0] | undefined;
  /** The renderer side, once a page with a preload is loaded. */
  renderer: RendererSink | undefined;
  readonly sent: { channel: string; args: unknown[] }[] = [];

  send(channel: string, ...args: unknown[]): void {
    if (this.destroyed) throw new Error('Object has been destroyed');
    this.sent.push({ channel, args });
    // IPC arguments are serialised with the structured clone algorithm.
    this.renderer?.(channel, ...args.map((arg) => structuredClone(arg)));
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  destroy(): void {
    this.destroyed = true;
    this.renderer = undefined;
    this.emit('destroyed');
  }

  getURL(): string {
    return this.mainFrame.url;
  }

  setWindowOpenHandler(handler: Parameters<Electron.WebContents['setWindowOpenHandler']>[0]): void {
    this.windowOpenHandler = handler;
  }

  /** A navigation the page starts (a link, `location.href = …`): true if it went ahead. */
  navigate(url: string): boolean {
    const event = new FakeEvent();
    this.emit('will-navigate', Object.assign(event, { url, isMainFrame: true }), url);
    if (event.defaultPrevented) return false;
    this.mainFrame.url = url;
    return true;
  }

  /** `window.open(url)` from the page: true if a window would open. */
  openWindow(url: string): boolean {
    const answer = this.windowOpenHandler?.({
      url,
      frameName: '',
      features: '',
      disposition: 'new-window',
      referrer: { url: this.getURL(), policy: 'strict-origin-when-cross-origin' },
    });
    return answer?.action === 'allow';
  }

  /** A `<webview>` the page tries to attach: true if it would be attached. */
  attachWebview(): boolean {
    const event = new FakeEvent();
    this.emit('will-attach-webview', event, {}, {});
    return !event.defaultPrevented;
  }

  /** An iframe inside the page, with its own URL. */
  childFrame(url: string): FakeFrame {
    const frame = new FakeFrame(this.mainFrame);
    frame.url = url;
    return frame;
  }
}

export class FakeBrowserWindow
  extends EventEmitter
  implements
    Pick<
      Electron.BrowserWindow,
      | 'close'
      | 'destroy'
      | 'isDestroyed'
      | 'show'
      | 'isVisible'
      | 'focus'
      | 'isMinimized'
      | 'restore'
      | 'setTitle'
      | 'getTitle'
      | 'setDocumentEdited'
      | 'setRepresentedFilename'
    >
{
  readonly webContents = new FakeWebContents();
  private destroyed = false;
  private visible = false;
  private title: string;
  documentEdited = false;
  representedFilename = '';
  /** The page's load: resolves when it finished (or failed) loading. */
  loaded: Promise<void> = Promise.resolve();

  constructor(
    private readonly electron: FakeElectron,
    readonly options: Electron.BrowserWindowConstructorOptions = {},
  ) {
    super();
    if (!electron.app.isReady()) throw new Error('Cannot create BrowserWindow before app is ready');
    this.title = options.title ?? '';
    electron.windows.push(this);
    electron.app.emit('web-contents-created', new FakeEvent(), this.webContents);
    electron.app.emit('browser-window-created', new FakeEvent(), this);
  }

  /** Loads a page as Chromium would: app:// through the registered protocol handler, then the preload. */
  loadURL(url: string): Promise<void> {
    this.loaded = this.electron.loadPage(this, url);
    return this.loaded;
  }

  /** The user (or code) closes the window: `close` (preventable), then `closed`. */
  close(): void {
    if (this.destroyed) return;
    const event = new FakeEvent();
    this.emit('close', event);
    if (event.defaultPrevented) return;
    this.destroy();
  }

  /** Part of a quit: false if the window refused to close (which cancels the quit). */
  closeForQuit(): boolean {
    if (this.destroyed) return true;
    const event = new FakeEvent();
    this.emit('close', event);
    if (event.defaultPrevented) return false;
    this.teardown();
    return true;
  }

  destroy(): void {
    if (this.destroyed) return;
    this.teardown();
    this.electron.app.windowClosed();
  }

  private teardown(): void {
    this.destroyed = true;
    this.visible = false;
    const index = this.electron.windows.indexOf(this);
    if (index >= 0) this.electron.windows.splice(index, 1);
    this.webContents.destroy();
    this.emit('closed');
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  show(): void {
    this.visible = true;
    this.electron.focused = this;
    this.emit('show');
  }

  isVisible(): boolean {
    return this.visible;
  }

  focus(): void {
    this.electron.focused = this;
  }

  isMinimized(): boolean {
    return false;
  }

  restore(): void {}

  setTitle(title: string): void {
    this.title = title;
  }

  getTitle(): string {
    return this.title;
  }

  setDocumentEdited(edited: boolean): void {
    this.documentEdited = edited;
  }

  setRepresentedFilename(filename: string): void {
    this.representedFilename = filename;
  }
}

type ProtocolHandler = (request: Request) => Response | Promise<Response>;

/** A utility process: the built script in a real Node child process, behind `process.parentPort`. */
export class FakeUtilityProcess
  extends EventEmitter
  implements Pick<Electron.UtilityProcess, 'postMessage' | 'kill' | 'pid' | 'stdout' | 'stderr'>
{
  readonly child: ChildProcess;
  pid: number | undefined;
  stdout: NodeJS.ReadableStream | null;
  stderr: NodeJS.ReadableStream | null;
  private exited = false;
  /** Messages posted after the process had gone: Electron does not allow that. */
  readonly postedAfterExit: unknown[] = [];
  private stderrText = '';

  constructor(
    electron: FakeElectron,
    shim: string,
    modulePath: string,
    args: string[],
    readonly options: Electron.ForkOptions,
  ) {
    super();
    const stdio = options.stdio;
    const mode = (index: 1 | 2): 'pipe' | 'ignore' | 'inherit' =>
      (stdio === undefined ? 'inherit' : typeof stdio === 'string' ? stdio : (stdio[index] ?? 'inherit')) as
        'pipe' | 'ignore' | 'inherit';
    this.child = fork(shim, [modulePath, ...args], {
      serialization: 'advanced',
      execArgv: options.execArgv ?? [],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      env: (options.env as NodeJS.ProcessEnv | undefined) ?? process.env,
    });
    this.pid = this.child.pid;
    // Node's streams always, so the fake can explain a fatal error; the app sees them only if it asked.
    this.child.stderr?.on(
      'data',
      (chunk: Buffer) => (this.stderrText = (this.stderrText + chunk.toString()).slice(-8000)),
    );
    this.stdout = mode(1) === 'pipe' ? this.child.stdout : null;
    this.stderr = mode(2) === 'pipe' ? this.child.stderr : null;
    if (mode(1) === 'inherit') this.child.stdout?.pipe(process.stdout);
    if (mode(2) === 'inherit') this.child.stderr?.pipe(process.stderr);
    if (mode(1) === 'ignore') this.child.stdout?.resume();
    if (mode(2) === 'ignore') this.child.stderr?.resume();
    this.child.once('spawn', () => this.emit('spawn'));
    this.child.on('message', (message: unknown) => this.emit('message', message));
    this.child.once('exit', (code, signal) => {
      this.exited = true;
      // A V8 fatal error (out of memory) is reported as `error` before `exit`.
      if (/heap out of memory|Allocation failed/i.test(this.stderrText))
        this.emit('error', 'FatalError', 'v8::internal::Heap', this.stderrText);
      const exitCode = code ?? signalNumber(signal);
      this.pid = undefined;
      this.stdout = null;
      this.stderr = null;
      this.emit('exit', exitCode);
      electron.app.emit('child-process-gone', new FakeEvent(), {
        type: 'Utility',
        reason: goneReason(exitCode, signal, this.stderrText),
        exitCode,
        serviceName: options.serviceName,
        name: options.serviceName,
      });
    });
  }

  postMessage(message: unknown): void {
    if (this.exited || !this.child.connected) {
      this.postedAfterExit.push(message);
      return;
    }
    this.child.send(message as never);
  }

  kill(): boolean {
    if (this.exited) return false;
    return this.child.kill('SIGTERM');
  }

  get alive(): boolean {
    return !this.exited;
  }
}

function signalNumber(signal: NodeJS.Signals | null): number {
  const numbers: Partial<Record<NodeJS.Signals, number>> = { SIGKILL: 9, SIGTERM: 15, SIGABRT: 6, SIGSEGV: 11 };
  return signal ? (numbers[signal] ?? 1) : 0;
}

function goneReason(code: number, signal: NodeJS.Signals | null, stderr: string): Electron.Details['reason'] {
  if (/heap out of memory|Allocation failed/i.test(stderr)) return 'oom';
  if (signal === 'SIGTERM' || signal === 'SIGKILL') return 'killed';
  if (signal) return 'crashed';
  return code === 0 ? 'clean-exit' : 'abnormal-exit';
}

/** A captured menu: its template, as the app built it. */
export class FakeMenu {
  constructor(readonly items: Electron.MenuItemConstructorOptions[]) {}

  /** The item at a path of labels (or roles), e.g. ['File', 'Save']. */
  find(...labels: string[]): Electron.MenuItemConstructorOptions | undefined {
    let items: Electron.MenuItemConstructorOptions[] = this.items;
    let found: Electron.MenuItemConstructorOptions | undefined;
    for (const label of labels) {
      found = items.find((item) => item.label === label || item.role === label);
      if (!found) return undefined;
      items = Array.isArray(found.submenu) ? found.submenu : [];
    }
    return found;
  }
}

export type MessageBoxAnswer = Pick<Electron.MessageBoxReturnValue, 'response'>;

/**
 * One fake Electron per test: the module object the built main bundle gets for
 * `require('electron')`, plus what the test needs to drive and observe it.
 */
export class FakeElectron {
  readonly windows: FakeBrowserWindow[] = [];
  focused: FakeBrowserWindow | undefined;
  readonly app: FakeApp;
  readonly handlers = new Map<string, (event: Electron.IpcMainInvokeEvent, ...args: unknown[]) => unknown>();
  readonly schemes: Electron.CustomScheme[] = [];
  readonly protocols = new Map<string, ProtocolHandler>();
  readonly processes: FakeUtilityProcess[] = [];
  readonly openDialogs = new Answers<Electron.OpenDialogReturnValue>('open dialog');
  readonly saveDialogs = new Answers<Electron.SaveDialogReturnValue>('save dialog');
  readonly messageBoxes = new Answers<MessageBoxAnswer>('message box');
  readonly errorBoxes: string[] = [];
  readonly externalUrls: string[] = [];
  applicationMenu: FakeMenu | undefined;
  permissionRequestHandler: Parameters<Electron.Session['setPermissionRequestHandler']>[0] = null;
  permissionCheckHandler: Parameters<Electron.Session['setPermissionCheckHandler']>[0] = null;
  /** Runs a page's preload in its sandbox (see renderer.ts); set by the harness. */
  attachPreload: ((window: FakeBrowserWindow, preload: string) => void) | undefined;

  constructor(
    userData: string,
    private readonly shim: string,
  ) {
    this.app = new FakeApp(this, userData);
  }

  static async create(userData: string, scratch: string): Promise<FakeElectron> {
    const shim = path.join(scratch, 'parent-port-shim.cjs');
    await fs.writeFile(shim, PARENT_PORT_SHIM);
    return new FakeElectron(userData, shim);
  }

  /** `require('electron')` in the main process. */
  get module(): Record<string, unknown> {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const electron = this;
    const BrowserWindow = class extends FakeBrowserWindow {
      constructor(options?: Electron.BrowserWindowConstructorOptions) {
        super(electron, options);
      }
      static getAllWindows(): FakeBrowserWindow[] {
        return [...electron.windows];
      }
      static getFocusedWindow(): FakeBrowserWindow | null {
        return electron.focused && !electron.focused.isDestroyed() ? electron.focused : null;
      }
    };
    const ipcMain: Pick<Electron.IpcMain, 'handle' | 'removeHandler'> = {
      handle: (channel, listener) => {
        if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
        this.handlers.set(channel, listener);
      },
      removeHandler: (channel) => void this.handlers.delete(channel),
    };
    const protocol: Pick<Electron.Protocol, 'registerSchemesAsPrivileged' | 'handle'> = {
      registerSchemesAsPrivileged: (schemes) => {
        if (this.app.isReady()) throw new Error('registerSchemesAsPrivileged must be called before app is ready');
        this.schemes.push(...schemes);
      },
      handle: (scheme, handler) => {
        if (!this.app.isReady()) throw new Error('protocol.handle must be called after app is ready');
        this.protocols.set(scheme, handler);
      },
    };
    const net: Pick<Electron.Net, 'fetch'> = { fetch: (input) => fetchFile(input) };
    const utilityProcess = {
      fork: (modulePath: string, args: string[] = [], options: Electron.ForkOptions = {}): FakeUtilityProcess => {
        if (!this.app.isReady()) throw new Error('utilityProcess.fork can only be called after app is ready');
        const child = new FakeUtilityProcess(this, this.shim, modulePath, args, options);
        this.processes.push(child);
        return child;
      },
    } satisfies Pick<typeof Electron.utilityProcess, 'fork'>;
    const dialog = {
      showOpenDialog: async (...args: unknown[]) => this.openDialogs.take(JSON.stringify(args.at(-1))),
      showSaveDialog: async (...args: unknown[]) => this.saveDialogs.take(JSON.stringify(args.at(-1))),
      showMessageBox: async (...args: unknown[]) => {
        const options = args.at(-1) as Electron.MessageBoxOptions;
        const text = [options.message, options.detail].filter(Boolean).join('\n');
        return { checkboxChecked: false, ...this.messageBoxes.take(text) };
      },
      showErrorBox: (title: string, content: string) => void this.errorBoxes.push(`${title}: ${content}`),
    };
    const Menu = {
      buildFromTemplate: (template: Electron.MenuItemConstructorOptions[]) => new FakeMenu(template),
      setApplicationMenu: (menu: FakeMenu | null) => (this.applicationMenu = menu ?? undefined),
      getApplicationMenu: () => this.applicationMenu ?? null,
    };
    const shell: Pick<Electron.Shell, 'openExternal'> = {
      openExternal: async (url) => void this.externalUrls.push(url),
    };
    const session = {
      defaultSession: {
        setPermissionRequestHandler: (handler: Parameters<Electron.Session['setPermissionRequestHandler']>[0]) =>
          (this.permissionRequestHandler = handler),
        setPermissionCheckHandler: (handler: Parameters<Electron.Session['setPermissionCheckHandler']>[0]) =>
          (this.permissionCheckHandler = handler),
      } satisfies Pick<Electron.Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>,
    };
    return { app: this.app, BrowserWindow, ipcMain, protocol, net, utilityProcess, dialog, Menu, shell, session };
  }

  /** Chromium loading a page into a window: the protocol handler answers, then the preload runs. */
  async loadPage(window: FakeBrowserWindow, url: string): Promise<void> {
    const scheme = new URL(url).protocol.slice(0, -1);
    const handler = this.protocols.get(scheme);
    if (!handler) throw new Error(`ERR_UNKNOWN_URL_SCHEME (${url})`);
    const response = await handler(new Request(url));
    if (!response.ok) {
      window.webContents.emit('did-fail-load', new FakeEvent(), response.status, response.statusText, url, true);
      throw new Error(`ERR_FAILED (${response.status}) loading '${url}'`);
    }
    window.webContents.mainFrame.url = url;
    const preload = window.options.webPreferences?.preload;
    if (preload) this.attachPreload?.(window, preload);
    window.webContents.emit('dom-ready', new FakeEvent());
    window.webContents.emit('did-finish-load', new FakeEvent());
    window.emit('ready-to-show', new FakeEvent());
  }

  /** Asks the app's protocol handler for a URL, as the page's resource loads do. */
  async request(url: string): Promise<Response> {
    const handler = this.protocols.get(new URL(url).protocol.slice(0, -1));
    if (!handler) throw new Error(`no handler for ${url}`);
    return handler(new Request(url));
  }

  /** `ipcRenderer.invoke` from a frame of a window: what the handler answers, as the renderer gets it. */
  async invoke(window: FakeBrowserWindow, frame: FakeFrame, channel: string, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`Error invoking remote method '${channel}': No handler registered for '${channel}'`);
    const event = Object.assign(new FakeEvent(), {
      sender: window.webContents as unknown as Electron.WebContents,
      senderFrame: frame as unknown as Electron.WebFrameMain,
      frameId: frame.frameTreeNodeId,
      processId: 1,
      type: 'frame' as const,
    }) as unknown as Electron.IpcMainInvokeEvent;
    const result = await handler(event, ...args.map((arg) => structuredClone(arg)));
    return structuredClone(result);
  }

  /** The process ended: its utility processes go with it. */
  endChildren(): void {
    for (const child of this.processes) if (child.alive) child.child.kill('SIGKILL');
  }

  /** Every child still running after the app exited (there should be none). */
  async waitForChildren(): Promise<void> {
    await Promise.all(
      this.processes.map((child) =>
        child.alive ? new Promise<void>((resolve) => child.child.once('exit', () => resolve())) : Promise.resolve(),
      ),
    );
  }
}

/** `net.fetch` of a file:// URL, as Chromium answers it: a missing file is a network error, a folder a listing. */
async function fetchFile(input: string | Request): Promise<Response> {
  const url = typeof input === 'string' ? input : input.url;
  if (!url.startsWith('file:')) throw new TypeError(`fake net.fetch only reads files, not ${url}`);
  const file = fileURLToPath(url);
  let stat;
  try {
    stat = await fs.stat(file);
  } catch {
    throw new TypeError('net::ERR_FILE_NOT_FOUND');
  }
  if (stat.isDirectory()) {
    const names = await fs.readdir(file);
    return new Response(`<html><body>${names.map((n) => `<a href="${n}">${n}</a>`).join('')}</body></html>`, {
      headers: { 'Content-Type': 'text/html' },
    });
  }
  return new Response(await fs.readFile(file));
}
