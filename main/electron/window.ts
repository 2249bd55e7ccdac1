import { BrowserWindow } from 'electron';
import path from 'node:path';
import { APP_ORIGIN } from './protocol';

export function createMainWindow(preloadScript: string, devServerUrl: string | undefined): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 1024,
    minHeight: 700,
    show: false,
    title: 'Descent Lab',
    // macOS takes the bundle's icon; Linux and Windows windows show this one.
    icon: path.join(__dirname, '..', 'renderer', 'icon.png'),
    webPreferences: {
      preload: preloadScript,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      spellcheck: false,
    },
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(devServerUrl ?? `${APP_ORIGIN}/index.html`);
  return window;
}

export const preloadPath = (): string => path.join(__dirname, '..', 'preload', 'index.js');
