import { BrowserWindow, app } from 'electron';
import path from 'node:path';
import type { Backend } from '../services/backend';
import { confirmUnsaved, showError } from './dialogs';

/**
 * The session as a desktop document: the window title and macOS's edited dot follow it, closing
 * with unsaved changes asks first, and .dlab files given by the OS (double-click, command line,
 * a second launch, drag onto the Dock) are opened.
 */
export class DesktopDocument {
  constructor(private readonly backend: Backend) {
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

  /** Opens a file handed over by the OS, asking about unsaved changes first. */
  async openFromOs(file: string): Promise<void> {
    const window = BrowserWindow.getAllWindows()[0];
    if (window && !(await this.whenSettled(window))) return;
    this.backend.runs.cancelAll();
    await this.backend.sessions.open(file).catch((error: unknown) => showError(window, error, this.backend.locale));
  }

  /** Asks before a window with unsaved changes closes. */
  guardClose(window: BrowserWindow): void {
    let confirmed = false;
    window.on('close', (event) => {
      if (confirmed || !this.backend.store.state().dirty) return;
      event.preventDefault();
      void this.whenSettled(window).then((ok) => {
        if (!ok) return;
        confirmed = true;
        window.close();
      });
    });
  }
}

/** The first .dlab path among command-line arguments (Windows and Linux file associations). */
export function sessionFileFromArgv(argv: readonly string[]): string | undefined {
  return argv
    .slice(app.isPackaged ? 1 : 2)
    .find((arg) => !arg.startsWith('-') && path.extname(arg).toLowerCase() === '.dlab');
}
