import { BrowserWindow, Menu, shell, type MenuItemConstructorOptions } from 'electron';
import path from 'node:path';
import type { Backend } from '../services/backend';
import { showError } from './dialogs';
import type { DesktopDocument } from './document';

const HELP_URL = 'https://github.com/descent-lab/descent-lab#readme';

/**
 * The application menu: File (New, Open…, Open Recent, Save, Save As…, Export…, Revert, Close),
 * Edit, View, Window and Help, with each platform's accelerators (CmdOrCtrl).
 */
export function setupMenu(backend: Backend, document: DesktopDocument): void {
  const focused = (): BrowserWindow | undefined => BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
  const attempt = (action: () => Promise<unknown>) => (): void => {
    void action().catch((error: unknown) =>
      showError(focused(), error instanceof Error ? error.message : String(error)),
    );
  };
  const settled = async (): Promise<boolean> => {
    const window = focused();
    return !window || document.whenSettled(window);
  };

  const build = (): void => {
    const recent = backend.sessions.recentFiles();
    const isMac = process.platform === 'darwin';
    const file: MenuItemConstructorOptions = {
      label: '&File',
      submenu: [
        {
          label: 'New',
          accelerator: 'CmdOrCtrl+N',
          click: attempt(async () => {
            if (!(await settled())) return;
            backend.runs.cancelAll();
            backend.sessions.newSession();
          }),
        },
        {
          label: 'Open…',
          accelerator: 'CmdOrCtrl+O',
          click: attempt(async () => {
            if (!(await settled())) return;
            await backend.sessions.open();
          }),
        },
        {
          label: 'Open Recent',
          submenu: recent.length
            ? recent.map((item) => ({
                label: path.basename(item),
                toolTip: item,
                click: attempt(async () => {
                  if (await settled()) await backend.sessions.open(item);
                }),
              }))
            : [{ label: 'No recent files', enabled: false }],
        },
        { type: 'separator' },
        { label: 'Save', accelerator: 'CmdOrCtrl+S', click: attempt(() => backend.sessions.save({})) },
        {
          label: 'Save As…',
          accelerator: 'Shift+CmdOrCtrl+S',
          click: attempt(() => backend.sessions.save({ saveAs: true })),
        },
        {
          label: 'Export…',
          submenu: [
            { label: 'Session as JSON…', click: attempt(() => backend.sessions.exportSession()) },
            {
              label: 'Newest run as CSV…',
              click: attempt(async () => {
                const newest = backend.store.list()[0];
                if (newest) await backend.sessions.exportRun(newest.id);
              }),
            },
          ],
        },
        { label: 'Revert', click: attempt(() => backend.sessions.revert()) },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    };
    const template: MenuItemConstructorOptions[] = [
      ...(isMac ? [{ role: 'appMenu' } as MenuItemConstructorOptions] : []),
      file,
      { role: 'editMenu' },
      { role: 'viewMenu' },
      { role: 'windowMenu' },
      {
        role: 'help',
        submenu: [
          { label: 'Descent Lab on the web', click: () => void shell.openExternal(HELP_URL) },
          { role: 'about' },
        ],
      },
    ];
    Menu.setApplicationMenu(Menu.buildFromTemplate(template));
  };

  build();
  // Open Recent follows the files opened and saved; the menu is rebuilt only when it changes.
  let shown = backend.sessions.recentFiles().join('\n');
  backend.store.onChange(() => {
    const now = backend.sessions.recentFiles().join('\n');
    if (now !== shown) {
      shown = now;
      build();
    }
  });
}
