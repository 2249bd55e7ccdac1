import { app, session, type WebContents } from 'electron';
import { isAppUrl } from './protocol';

/**
 * App-wide guards from Electron's security checklist: no permissions, no navigation away from the
 * app, no new windows, no webviews.
 */
export function setupSecurity(devServerUrl: string | undefined): void {
  const isOwn = (url: string): boolean => isAppUrl(url, devServerUrl);

  app.on('ready', () => {
    session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
    session.defaultSession.setPermissionCheckHandler(() => false);
  });

  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isOwn(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isOwn(url)) event.preventDefault();
    });
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
}
