import type { DescentApi } from '@shared/ipc/contract';

declare global {
  interface Window {
    /** Present in Electron (the preload); absent in the web preview, which uses the bridge. */
    readonly api?: DescentApi;
  }
}

export {};
