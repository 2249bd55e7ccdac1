import type { DescentApi } from '@shared/ipc/contract';
import { TOKEN_STORAGE_KEY, createWebBridge } from './web-bridge';

let api: DescentApi | undefined;

/**
 * The host API: Electron's preload when present, else the web-preview bridge with the token from
 * the URL (kept for reloads, then removed from the address bar). Only stores call this.
 */
export function useHostApi(): DescentApi {
  if (window.api) return window.api;
  if (api) return api;
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_STORAGE_KEY, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url.toString());
  }
  api = createWebBridge(fromUrl ?? sessionStorage.getItem(TOKEN_STORAGE_KEY) ?? '');
  return api;
}

/** Whether this is the desktop app (native menus and dialogs) rather than the web preview. */
export function isDesktop(): boolean {
  return window.api !== undefined;
}
