import { BrowserWindow, Menu, app, shell, type MenuItemConstructorOptions } from 'electron';
import path from 'node:path';
import type { Backend } from '../ipc/backend';
import { showError } from './dialogs';
import type { DesktopDocument } from './document';
import type { MainTextKey } from '../services/locale';

const HELP_URL = 'https://github.com/descent-lab/descent-lab#readme';

/**
 * The application menu: File (New, Open…, Open Recent, Save, Save As…, Export…, Revert, Close),
 * Edit, View, Window and Help, with each platform's accelerators (CmdOrCtrl).
 */
export function setupMenu(backend: Backend, document: DesktopDocument): void {
  const focused = (): BrowserWindow | undefined => BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
  const attempt = (action: () => Promise<unknown>) => (): void => {
    void action().catch((error: unknown) => showError(focused(), error, backend.locale));
  };
  const settled = async (): Promise<boolean> => {
    const window = focused();
    return !window || document.whenSettled(window);
  };

  const build = (): void => {
    const t = (key: MainTextKey): string => backend.locale.text(key);
    const recent = backend.sessions.recentFiles();
    const isMac = process.platform === 'darwin';
    const file: MenuItemConstructorOptions = {
      label: t('menu.file'),
      submenu: [
        {
          label: t('menu.new'),
          accelerator: 'CmdOrCtrl+N',
          click: attempt(async () => {
            if (!(await settled())) return;
            backend.runs.cancelAll();
            await backend.sessions.newSession();
          }),
        },
        {
          label: t('menu.open'),
          accelerator: 'CmdOrCtrl+O',
          click: attempt(async () => {
            if (!(await settled())) return;
            await backend.sessions.open();
          }),
        },
        {
          label: t('menu.openRecent'),
          submenu: recent.length
            ? recent.map((item) => ({
                label: path.basename(item),
                toolTip: item,
                click: attempt(async () => {
                  if (await settled()) await backend.sessions.open(item);
                }),
              }))
            : [{ label: t('menu.noRecent'), enabled: false }],
        },
        { type: 'separator' },
        { label: t('menu.save'), accelerator: 'CmdOrCtrl+S', click: attempt(() => backend.sessions.save({})) },
        {
          label: t('menu.saveAs'),
          accelerator: 'Shift+CmdOrCtrl+S',
          click: attempt(() => backend.sessions.save({ saveAs: true })),
        },
        {
          label: t('menu.export'),
          submenu: [
            { label: t('menu.exportSession'), click: attempt(() => backend.sessions.exportSession()) },
            {
              label: t('menu.exportRun'),
              click: attempt(async () => {
                const newest = backend.store.list()[0];
                if (newest) await backend.sessions.exportRun(newest.id);
              }),
            },
          ],
        },
        { label: t('menu.revert'), click: attempt(() => backend.sessions.revert()) },
        { type: 'separator' },
        isMac ? { role: 'close', label: t('menu.close') } : { role: 'quit', label: t('menu.exit') },
      ],
    };
    // Role items carry our own labels: Electron words roles in the OS language, not the window's.
    const role = (name: MenuItemConstructorOptions['role'], key: MainTextKey): MenuItemConstructorOptions => ({
      role: name,
      label: t(key),
    });
    const separator: MenuItemConstructorOptions = { type: 'separator' };
    const edit: MenuItemConstructorOptions = {
      label: t('menu.edit'),
      submenu: [
        role('undo', 'menu.undo'),
        role('redo', 'menu.redo'),
        separator,
        role('cut', 'menu.cut'),
        role('copy', 'menu.copy'),
        role('paste', 'menu.paste'),
        role('selectAll', 'menu.selectAll'),
      ],
    };
    const view: MenuItemConstructorOptions = {
      label: t('menu.view'),
      submenu: [
        // Reload and DevTools are for development; a release build ships neither.
        ...(app.isPackaged
          ? []
          : [
              role('reload', 'menu.reload'),
              role('forceReload', 'menu.forceReload'),
              role('toggleDevTools', 'menu.devTools'),
              separator,
            ]),
        role('resetZoom', 'menu.resetZoom'),
        role('zoomIn', 'menu.zoomIn'),
        role('zoomOut', 'menu.zoomOut'),
        separator,
        role('togglefullscreen', 'menu.fullScreen'),
      ],
    };
    const windowMenu: MenuItemConstructorOptions = {
      label: t('menu.window'),
      submenu: [
        role('minimize', 'menu.minimize'),
        role('zoom', 'menu.zoom'),
        ...(isMac ? [separator, role('front', 'menu.front')] : [role('close', 'menu.close')]),
      ],
    };
    const help: MenuItemConstructorOptions = {
      label: t('menu.help'),
      role: 'help',
      submenu: [
        { label: t('menu.web'), click: () => void shell.openExternal(HELP_URL) },
        ...(isMac ? [] : [role('about', 'menu.about')]),
      ],
    };
    const appMenu: MenuItemConstructorOptions = {
      label: app.getName(),
      submenu: [
        role('about', 'menu.about'),
        separator,
        role('services', 'menu.services'),
        separator,
        role('hide', 'menu.hide'),
        role('hideOthers', 'menu.hideOthers'),
        role('unhide', 'menu.unhide'),
        separator,
        role('quit', 'menu.quit'),
      ],
    };
    const template: MenuItemConstructorOptions[] = [...(isMac ? [appMenu] : []), file, edit, view, windowMenu, help];
    Menu.setApplicationMenu(Menu.buildFromTemplate(template));
  };

  build();
  // The menu speaks the window's language.
  backend.locale.onChange(build);
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
