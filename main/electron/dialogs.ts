import { BrowserWindow, dialog, type FileFilter } from 'electron';
import type { FileDialogs } from '../services/session-service';

const FILTERS: Record<'session' | 'csv' | 'json' | 'png', FileFilter[]> = {
  session: [{ name: 'Descent Lab session', extensions: ['dlab'] }],
  csv: [{ name: 'CSV', extensions: ['csv'] }],
  json: [{ name: 'JSON', extensions: ['json'] }],
  png: [{ name: 'PNG image', extensions: ['png'] }],
};

/** Native open and save dialogs, attached to the focused window. */
export const electronDialogs: FileDialogs = {
  async chooseSessionToOpen() {
    const window = BrowserWindow.getFocusedWindow();
    const options = { properties: ['openFile' as const], filters: FILTERS.session };
    const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
    return result.canceled ? undefined : result.filePaths[0];
  },
  async chooseSaveLocation(suggestedName, kind) {
    const window = BrowserWindow.getFocusedWindow();
    const options = { defaultPath: suggestedName, filters: FILTERS[kind] };
    const result = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
    return result.canceled ? undefined : result.filePath;
  },
};

/** Asks whether to save unsaved changes: 'save', 'discard' or 'cancel'. */
export async function confirmUnsaved(window: BrowserWindow, title: string): Promise<'save' | 'discard' | 'cancel'> {
  const { response } = await dialog.showMessageBox(window, {
    type: 'warning',
    buttons: ['Save', "Don't Save", 'Cancel'],
    defaultId: 0,
    cancelId: 2,
    message: `Do you want to save the changes to ${title.replace(/ •$/, '')}?`,
    detail: 'Your changes will be lost if you don’t save them.',
  });
  return response === 0 ? 'save' : response === 1 ? 'discard' : 'cancel';
}

export function showError(window: BrowserWindow | undefined, message: string): void {
  if (window) void dialog.showMessageBox(window, { type: 'error', message });
  else dialog.showErrorBox('Descent Lab', message);
}
