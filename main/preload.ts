import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { EVENT_NAMES, INVOKE_NAMES, eventChannel, invokeChannel, listenerName } from '@shared/ipc/channels';
import type { DescentApi } from '@shared/ipc/contract';

/**
 * `window.api`: one function per message of the contract, never ipcRenderer itself. Listeners
 * receive only the payload, never the IPC event (which would expose `sender`).
 */
const api: Record<string, unknown> = {};
for (const name of INVOKE_NAMES) {
  api[name] = (request: unknown) => ipcRenderer.invoke(invokeChannel(name), request);
}
for (const name of EVENT_NAMES) {
  api[listenerName(name)] = (listener: (payload: unknown) => void) => {
    const wrapped = (_event: unknown, payload: unknown): void => listener(payload);
    ipcRenderer.on(eventChannel(name), wrapped);
    return () => ipcRenderer.removeListener(eventChannel(name), wrapped);
  };
}

const typed: DescentApi = api as DescentApi;
contextBridge.exposeInMainWorld('api', typed);

// A dropped file's path on disk (the sandboxed page cannot see paths), so a dropped session opens
// as that file and Save writes back to it. Main still checks the path as it checks any other.
contextBridge.exposeInMainWorld('hostFiles', {
  pathForFile: (file: File): string => webUtils.getPathForFile(file),
});
