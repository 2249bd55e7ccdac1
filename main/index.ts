import { BrowserWindow, app } from 'electron';
import path from 'node:path';
import { isLanguage } from '@shared/i18n';
import { electronDialogs } from './electron/dialogs';
import { DesktopDocument, sessionFileFromArgv } from './electron/document';
import { broadcast, registerIpc } from './electron/ipc';
import { setupMenu } from './electron/menu';
import { registerAppScheme, serveRenderer } from './electron/protocol';
import { setupSecurity } from './electron/security';
import { utilityWorker } from './electron/utility-worker';
import { createMainWindow, preloadPath } from './electron/window';
import { Locale } from './services/locale';
import { createBackend, type Backend } from './services/backend';
import { APP_VERSION } from './version';

// The main process only wires features together; each lives behind its own setup function.
const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
const log = (message: string, error?: unknown): void => console.error(`[descent-lab] ${message}`, error ?? '');

if (process.env.DESCENT_LAB_DATA_DIR) app.setPath('userData', path.resolve(process.env.DESCENT_LAB_DATA_DIR));

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  registerAppScheme();
  setupSecurity(devServerUrl);
  let backend: Backend | undefined;
  let document: DesktopDocument | undefined;
  // A file the OS handed over before the app was ready (macOS open-file at launch).
  let pendingFile = sessionFileFromArgv(process.argv);

  const openWindow = (): void => {
    const window = createMainWindow(preloadPath(), devServerUrl);
    document?.guardClose(window);
    window.webContents.once('did-finish-load', () => document?.refreshTitles());
  };

  app.on('second-instance', (_event, argv) => {
    const [window] = BrowserWindow.getAllWindows();
    if (window) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
    const file = sessionFileFromArgv(argv);
    if (file) void document?.openFromOs(file);
  });

  app.on('open-file', (event, file) => {
    event.preventDefault();
    if (document) void document.openFromOs(file);
    else pendingFile = file;
  });

  void app.whenReady().then(async () => {
    serveRenderer(path.join(__dirname, '..', 'renderer'));
    const workerScript = path.join(__dirname, 'worker.js');
    // The OS language until the window says which one it shows.
    const locale = new Locale();
    const system = app.getLocale().split('-')[0];
    if (isLanguage(system)) locale.language = system;
    backend = await createBackend({
      dataDir: app.getPath('userData'),
      appVersion: APP_VERSION,
      createWorker: (serviceName) => utilityWorker(workerScript, serviceName),
      emit: broadcast(() => BrowserWindow.getAllWindows().map((w) => w.webContents)),
      dialogs: electronDialogs(locale),
      locale,
      log,
    });
    document = new DesktopDocument(backend);
    registerIpc(backend.handlers, devServerUrl, log);
    setupMenu(backend, document);
    openWindow();
    if (pendingFile) void document.openFromOs(pendingFile);
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) openWindow();
    });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  let quitting = false;
  app.on('before-quit', (event) => {
    if (quitting || !backend) return;
    // Save the session before the process goes.
    event.preventDefault();
    quitting = true;
    void backend.dispose().finally(() => app.quit());
  });
}
