import { message } from '@shared/messages';
import { EVENT_NAMES, INVOKE_NAMES, WEB_TOKEN_HEADER, listenerName, type EventName } from '@shared/ipc/channels';
import type { DescentApi, DroppedFile, EventPayloads } from '@shared/ipc/contract';
import { decodeWire, encodeWire } from '@shared/ipc/wire';

export const TOKEN_STORAGE_KEY = 'descent-lab-token';

/**
 * `window.api` for the web preview: the same contract over the loopback bridge (POST per invoke,
 * one EventSource for events), so stores cannot tell the two hosts apart.
 */
export function createWebBridge(token: string, base = ''): DescentApi {
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  let source: EventSource | undefined;

  const deliver = (name: EventName, payload: unknown): void => {
    for (const listener of listeners.get(name) ?? []) listener(payload);
  };
  let lost = false;
  /** Said once: a stopped server does not come back under the same token. */
  const hostLost = (): void => {
    if (lost) return;
    lost = true;
    deliver('hostLost', {});
  };

  const connect = (): void => {
    if (source) return;
    source = new EventSource(`${base}/api/events?token=${encodeURIComponent(token)}`);
    for (const name of EVENT_NAMES) {
      source.addEventListener(name, (event) => deliver(name, decodeWire((event as MessageEvent<string>).data)));
    }
    // The event stream breaks the moment the server goes: the window knows at once, not at the
    // next click.
    source.addEventListener('error', hostLost);
  };

  const post = async (url: string, type: string, body: BodyInit): Promise<unknown> => {
    try {
      const response = await fetch(`${base}${url}`, {
        method: 'POST',
        headers: { 'Content-Type': type, [WEB_TOKEN_HEADER]: token },
        body,
      });
      if (response.status === 403) return { ok: false, error: message('ipc.refused') };
      if (!response.ok) return { ok: false, error: message('ipc.status', { status: response.status }) };
      return decodeWire(await response.text());
    } catch {
      hostLost();
      return { ok: false, error: message('ipc.unreachable') };
    }
  };

  const api: Record<string, unknown> = {};
  for (const name of INVOKE_NAMES) {
    api[name] = (request: unknown) => post(`/api/invoke/${name}`, 'application/json', encodeWire(request ?? {}));
  }
  // The web preview cannot know where a dropped file lives: its bytes are streamed to the
  // preview, which opens them as a new untitled session (a SQLite or JSON .dlab, of any size).
  api.openDroppedSession = async (file: DroppedFile) =>
    file instanceof Blob
      ? post(`/api/drop?name=${encodeURIComponent(file.name)}`, 'application/octet-stream', file)
      : { ok: false, error: message('file.notOnDisk', { name: file.name }) };
  for (const name of EVENT_NAMES) {
    api[listenerName(name)] = (listener: (payload: EventPayloads[typeof name]) => void) => {
      connect();
      const set = listeners.get(name) ?? new Set();
      listeners.set(name, set);
      const wrapped = (payload: unknown): void => listener(payload as EventPayloads[typeof name]);
      set.add(wrapped);
      return () => set.delete(wrapped);
    };
  }
  return api as DescentApi;
}
