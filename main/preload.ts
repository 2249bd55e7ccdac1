import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { EVENT_NAMES, INVOKE_NAMES, eventChannel, invokeChannel, listenerName } from '@shared/ipc/channels';
import type { DescentApi, DroppedFile, WireRequest } from '@shared/ipc/contract';

/**
 * `window.api`: one function per message of the contract, never ipcRenderer itself. Listeners
 * receive only the payload, never the IPC event (which would expose `sender`).
 */
const api: Record<string, unknown> = {};
for (const name of INVOKE_NAMES) {
  api[name] = (request: unknown) => ipcRenderer.invoke(invokeChannel(name), request);
}

/** A File only has a path on disk if the user gave it to the page (a drop, a file input). */
function pathOf(file: DroppedFile): string {
  try {
    return webUtils.getPathForFile(file as unknown as File);
  } catch {
    return '';
  }
}

// A dropped file opens as that file, so Save writes back to it: the page hands over the File and
// the preload sends the path Electron resolved for it (the page never names the path itself).
api.openDroppedSession = (file: DroppedFile) => {
  const request: WireRequest<'openDroppedSession'> = { name: String(file?.name ?? ''), path: pathOf(file) };
  return ipcRenderer.invoke(invokeChannel('openDroppedSession'), request);
};

for (const name of EVENT_NAMES) {
  api[listenerName(name)] = (listener: (payload: unknown) => void) => {
    const wrapped = (_event: unknown, payload: unknown): void => listener(payload);
    ipcRenderer.on(eventChannel(name), wrapped);
    return () => ipcRenderer.removeListener(eventChannel(name), wrapped);
  };
}

const typed: DescentApi = api as DescentApi;
contextBridge.exposeInMainWorld('api', typed);
