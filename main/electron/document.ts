import { BrowserWindow, app, dialog } from 'electron';
import path from 'node:path';
import type { Backend } from '../ipc/backend';
import { confirmUnsaved, showError } from './dialogs';

/**
 * The session as a desktop document: the window title and macOS's edited dot follow it, closing
 * with unsaved changes asks first, and .dlab files given by the OS (double-click, command line,
 * a second launch, drag onto the Dock) are opened.
 */
export class DesktopDocument {
  /** Set when a quit began (`before-quit`): a window whose close was held for a question resumes it. */
  quitRequested = false;

  constructor(
    private readonly backend: Backend,
    private readonly openWindow: () => BrowserWindow,
  ) {
    backend.store.onChange(() => this.refreshTitles());
  }

  refreshTitles(): void {
    const state = this.backend.store.state();
    for (const window of BrowserWindow.getAllWindows()) {
      window.setTitle(`${state.title} — Descent Lab`);
      if (process.platform === 'darwin') {
        window.setDocumentEdited(state.dirty);
        window.setRepresentedFilename(state.filePath ?? '');
      }
    }
  }

  /** Asks about unsaved changes: true once they are saved or discarded, false if the user cancelled. */
  async whenSettled(window: BrowserWindow): Promise<boolean> {
    const state = this.backend.store.state();
    if (!state.dirty) return true;
    const answer = await confirmUnsaved(window, state.title, this.backend.locale);
    if (answer === 'cancel') return false;
    if (answer === 'discard') return true;
    const saved = await this.backend.sessions.save({}).catch((error: unknown) => {
      showError(window, error, this.backend.locale);
      return { cancelled: true as const };
    });
    return !('cancelled' in saved);
  }

  /** The window, shown and in front; a new one if none is open (macOS keeps running without). */
  showWindow(): BrowserWindow {
    const [existing] = BrowserWindow.getAllWindows();
    const window = existing ?? this.openWindow();
    if (existing) {
      if (existing.isMinimized()) existing.restore();
      existing.focus();
    }
    return window;
  }

  /**
   * Opens files handed over by the OS, asking about unsaved changes first. The app holds one
   * session at a time: of several files (a multiple selection dropped on the Dock), the first
   * opens, and the others are put in Open Recent and named, so none is silently lost.
   */
  async openFromOs(files: readonly string[]): Promise<void> {
    const [first, ...others] = files;
    if (!first) return;
    const window = this.showWindow();
    const { locale, sessions, runs } = this.backend;
    try {
      if (others.length > 0) await sessions.remember(others);
      if (!(await this.whenSettled(window))) return;
      runs.cancelAll();
      await sessions.open(first);
    } catch (error) {
      showError(window, error, locale);
      return;
    }
    if (others.length === 0) return;
    await dialog.showMessageBox(window, {
      type: 'info',
      buttons: [locale.text('dialog.ok')],
      message: locale.text('dialog.oneAtATime', { opened: path.basename(first) }),
      detail: locale.text('dialog.othersInRecent', { others: others.map((file) => path.basename(file)).join(', ') }),
    });
  }

  /**
   * Asks before a window with unsaved changes closes. Holding the close cancels a quit in
   * progress (Electron's rule), so once the question is settled the quit is resumed.
   */
  guardClose(window: BrowserWindow): void {
    let confirmed = false;
    window.on('close', (event) => {
      if (confirmed || !this.backend.store.state().dirty) return;
      event.preventDefault();
      const quitting = this.quitRequested;
      void this.whenSettled(window).then((ok) => {
        if (!ok) {
          this.quitRequested = false;
          return;
        }
        confirmed = true;
        window.close();
        if (quitting) app.quit();
      });
    });
  }
}

/**
 * The .dlab paths among a launch's command-line arguments (Windows and Linux file associations,
 * a second instance), resolved against that launch's working directory.
 */
export function sessionFilesFromArgv(argv: readonly string[], workingDirectory: string): string[] {
  return argv
    .slice(app.isPackaged ? 1 : 2)
    .filter((arg) => !arg.startsWith('-') && path.extname(arg).toLowerCase() === '.dlab')
    .map((arg) => path.resolve(workingDirectory, arg));
}
