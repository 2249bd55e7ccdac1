import { protocol } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../security/csp';
import { readStatic } from '../services/static-files';

export const APP_SCHEME = 'app';
export const APP_HOST = 'descent-lab';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/**
 * Whether a URL is the app's own page: app://descent-lab/…, or the dev server's origin under
 * `npm run dev`. A custom scheme's WHATWG origin is opaque (`new URL('app://x').origin` is
 * "null"), so the scheme and host are compared, as Electron's security guide does.
 */
export function isAppUrl(url: string, devServerUrl: string | undefined): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol === `${APP_SCHEME}:`) return parsed.host === APP_HOST;
  return devServerUrl !== undefined && parsed.origin === new URL(devServerUrl).origin;
}

/** Must run before `app` is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

const notFound = (): Response => new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain' } });

/**
 * Serves the built renderer from app://descent-lab/: regular files inside its folder only, each
 * with the CSP; anything else (another host, `..`, a folder, a missing file) is a 404.
 */
export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const file = url.host === APP_HOST ? await readStatic(rendererDir, url.pathname) : undefined;
    if (!file) return notFound();
    return new Response(new Uint8Array(file.body), {
      status: 200,
      headers: {
        'Content-Type': file.type,
        'Content-Security-Policy': CONTENT_SECURITY_POLICY,
        'X-Content-Type-Options': 'nosniff',
      },
    });
  });
}
