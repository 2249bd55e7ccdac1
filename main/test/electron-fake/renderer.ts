import { readFileSync } from 'node:fs';
import vm from 'node:vm';
import type * as Electron from 'electron';
import type { FakeBrowserWindow, FakeElectron, FakeFrame } from './main-process';

/** A file the page got from a drop or a file input, which `webUtils` can name a path for. */
export class FakeFile {
  constructor(
    readonly name: string,
    readonly path: string,
  ) {}
}

/** What a sandboxed preload put into the page's world through `contextBridge`. */
export type PageWorld = Record<string, unknown>;

/**
 * Runs a built preload as Electron runs it in a sandboxed, context-isolated window: in its own
 * context, where `require` answers only 'electron' (contextBridge, ipcRenderer, webUtils) and
 * there is no Node. The returned world is what the page sees.
 */
export function runPreload(electron: FakeElectron, window: FakeBrowserWindow, script: string): PageWorld {
  const world: PageWorld = {};
  const listeners = new Map<string, Set<(event: Electron.IpcRendererEvent, ...args: unknown[]) => void>>();
  const frame: FakeFrame = window.webContents.mainFrame;
  const ipcRenderer = {
    invoke: (channel: string, ...args: unknown[]) => electron.invoke(window, frame, channel, ...args),
    on(channel: string, listener: (event: Electron.IpcRendererEvent, ...args: unknown[]) => void) {
      const set = listeners.get(channel) ?? new Set();
      set.add(listener);
      listeners.set(channel, set);
      return ipcRenderer;
    },
    removeListener(channel: string, listener: (event: Electron.IpcRendererEvent, ...args: unknown[]) => void) {
      listeners.get(channel)?.delete(listener);
      return ipcRenderer;
    },
  };
  window.webContents.renderer = (channel, ...args) => {
    const event = { sender: ipcRenderer, senderId: 0, ports: [] } as unknown as Electron.IpcRendererEvent;
    for (const listener of listeners.get(channel) ?? []) listener(event, ...args);
  };
  const contextBridge: Pick<Electron.ContextBridge, 'exposeInMainWorld'> = {
    exposeInMainWorld(key, api: unknown) {
      if (key in world) throw new Error(`Cannot bind an API on top of an existing property on the window object`);
      world[key] = api;
    },
  };
  const webUtils: Pick<Electron.WebUtils, 'getPathForFile'> = {
    getPathForFile: (file) => (file instanceof Object && 'path' in file ? String((file as FakeFile).path) : ''),
  };
  const electronModule = { contextBridge, ipcRenderer, webUtils };
  const module = { exports: {} };
  const sandbox = vm.createContext({
    module,
    exports: module.exports,
    console,
    require: (id: string) => {
      if (id === 'electron') return electronModule;
      throw new Error(`module not found: ${id} (a sandboxed preload can require only 'electron')`);
    },
  });
  vm.runInContext(readFileSync(script, 'utf8'), sandbox, { filename: script });
  return world;
}
