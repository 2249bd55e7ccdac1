import { BrowserWindow, dialog, type FileFilter } from 'electron';
import { UserError } from '@shared/messages';
import type { MainText } from '../services/locale';
import type { FileDialogs } from '../services/session-service';

const EXTENSIONS = { session: 'dlab', csv: 'csv', json: 'json', png: 'png' } as const;

function filters(kind: keyof typeof EXTENSIONS, locale: MainText): FileFilter[] {
  return [{ name: locale.text(`dialog.${kind}`), extensions: [EXTENSIONS[kind]] }];
}

/** Native open and save dialogs, attached to the focused window, worded in the window's language. */
export function electronDialogs(locale: MainText): FileDialogs {
  return {
    async chooseSessionToOpen() {
      const window = BrowserWindow.getFocusedWindow();
      const options = { properties: ['openFile' as const], filters: filters('session', locale) };
      const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
      return result.canceled ? undefined : result.filePaths[0];
    },
    async chooseSaveLocation(suggestedName, kind) {
      const window = BrowserWindow.getFocusedWindow();
      const options = { defaultPath: suggestedName, filters: filters(kind, locale) };
      const result = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
      return result.canceled ? undefined : result.filePath;
    },
  };
}

/** Asks whether to save unsaved changes: 'save', 'discard' or 'cancel'. */
export async function confirmUnsaved(
  window: BrowserWindow,
  title: string,
  locale: MainText,
): Promise<'save' | 'discard' | 'cancel'> {
  const { response } = await dialog.showMessageBox(window, {
    type: 'warning',
    buttons: [locale.text('dialog.save'), locale.text('dialog.dontSave'), locale.text('dialog.cancel')],
    defaultId: 0,
    cancelId: 2,
    message: locale.text('dialog.unsaved', { name: title.replace(/ •$/, '') }),
    detail: locale.text('dialog.unsavedDetail'),
  });
  return response === 0 ? 'save' : response === 1 ? 'discard' : 'cancel';
}

/** Shows a failure in words: a UserError in the window's language, anything else as it is. */
export function showError(window: BrowserWindow | undefined, error: unknown, locale: MainText): void {
  const text =
    error instanceof UserError ? locale.describe(error.detail) : error instanceof Error ? error.message : String(error);
  if (window) void dialog.showMessageBox(window, { type: 'error', message: text });
  else dialog.showErrorBox('Descent Lab', text);
}
