declare const __APP_VERSION__: string;

/** package.json's version, inlined at build time (electron.vite.config.ts); tests have none. */
export const APP_VERSION: string = typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : '0.0.0-dev';
