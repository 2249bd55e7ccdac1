import { BrowserWindow, app, dialog } from 'electron';
import path from 'node:path';
import { isLanguage } from '@shared/i18n';
import { electronDialogs } from './electron/dialogs';
import { DesktopDocument, sessionFilesFromArgv } from './electron/document';
import { broadcast, registerIpc } from './electron/ipc';
import { setupMenu } from './electron/menu';
import { registerAppScheme, serveRenderer } from './electron/protocol';
import { setupSecurity } from './electron/security';
import { utilityWorker } from './electron/utility-worker';
import { createMainWindow, preloadPath } from './electron/window';
import { MainText } from './services/locale';
import { createBackend, type Backend } from './ipc/backend';
import { sessionThreadScript } from './services/session-thread-client';
import { APP_VERSION } from './version';

// The main process only wires features together; each lives behind its own setup function.
const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
const log = (message: string, error?: unknown): void => console.error(`[descent-lab] ${message}`, error ?? '');

if (process.env.DESCENT_LAB_DATA_DIR) app.setPath('userData', path.resolve(process.env.DESCENT_LAB_DATA_DIR));

if (!app.requestSingleInstanceLock()) {
  // The first instance gets this one's files through `second-instance`.
  app.quit();
} else {
  registerAppScheme();
  setupSecurity(devServerUrl);
  let backend: Backend | undefined;
  let document: DesktopDocument | undefined;

  // Files from the OS wait here until the document exists (macOS sends open-file before ready);
  // those arriving together (several dropped on the Dock) are opened as one batch.
  const osFiles: string[] = sessionFilesFromArgv(process.argv, process.cwd());
  let delivery: ReturnType<typeof setTimeout> | undefined;
  const deliverOsFiles = (): void => {
    if (!document || delivery || osFiles.length === 0) return;
    delivery = setTimeout(() => {
      delivery = undefined;
      void document?.openFromOs(osFiles.splice(0));
    }, 50);
  };

  app.on('second-instance', (_event, argv, workingDirectory) => {
    document?.showWindow();
    osFiles.push(...sessionFilesFromArgv(argv, workingDirectory));
    deliverOsFiles();
  });

  app.on('open-file', (event, file) => {
    event.preventDefault();
    osFiles.push(path.resolve(file));
    deliverOsFiles();
  });

  const openWindow = (): BrowserWindow => {
    const window = createMainWindow(preloadPath(), devServerUrl);
    document?.guardClose(window);
    window.webContents.once('did-finish-load', () => document?.refreshTitles());
    return window;
  };

  void app
    .whenReady()
    .then(async () => {
      serveRenderer(path.join(__dirname, '..', 'renderer'));
      const workerScript = path.join(__dirname, 'worker.js');
      // The OS language until the window says which one it shows.
      const locale = new MainText();
      const system = app.getLocale().split('-')[0];
      if (isLanguage(system)) locale.language = system;
      backend = await createBackend({
        dataDir: app.getPath('userData'),
        appVersion: APP_VERSION,
        createWorker: (serviceName) => utilityWorker(workerScript, serviceName),
        sessionThread: sessionThreadScript(path.join(__dirname, 'session-thread.js')),
        emit: broadcast(() => BrowserWindow.getAllWindows().map((w) => w.webContents)),
        dialogs: electronDialogs(locale),
        locale,
        log,
      });
      document = new DesktopDocument(backend, openWindow);
      registerIpc(backend.handlers, devServerUrl, log);
      setupMenu(backend, document);
      openWindow();
      deliverOsFiles();
      app.on('activate', () => {
        if (BrowserWindow.getAllWindows().length === 0) openWindow();
      });
    })
    .catch((error: unknown) => {
      // Nothing can work without the backend (an unusable data folder, say): say so, then go.
      log('Descent Lab could not start', error);
      dialog.showErrorBox('Descent Lab', error instanceof Error ? error.message : String(error));
      app.exit(1);
    });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  app.on('before-quit', () => {
    if (document) document.quitRequested = true;
  });

  // The backend (workers, the autosave) ends only once the quit is certain: every window has
  // closed, so no "Save changes?" question can still cancel it.
  let disposal: Promise<void> | undefined;
  let disposed = false;
  app.on('will-quit', (event) => {
    if (disposed || !backend) return;
    event.preventDefault();
    disposal ??= backend
      .dispose()
      .catch((error: unknown) => log('Shutting down failed', error))
      .finally(() => {
        disposed = true;
        app.quit();
      });
  });
}
