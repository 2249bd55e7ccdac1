import { message } from '@shared/messages';
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { INVOKE_NAMES, eventChannel, invokeChannel } from '@shared/ipc/channels';
import type { EventPayloads, HandlerTable } from '@shared/ipc/contract';
import { dispatch } from '@shared/ipc/dispatch';
import { isAppUrl } from './protocol';

/** Only the app's own top-level page may talk to main: not an iframe, not another origin. */
export function isTrustedSender(event: IpcMainInvokeEvent, devServerUrl: string | undefined): boolean {
  const frame = event.senderFrame;
  if (!frame || frame !== event.sender.mainFrame) return false;
  return isAppUrl(frame.url, devServerUrl);
}

/** Registers every handler of the contract through one typed, validating, sender-checking door. */
export function registerIpc(
  handlers: HandlerTable,
  devServerUrl: string | undefined,
  log: (m: string, e?: unknown) => void,
): void {
  for (const name of INVOKE_NAMES) {
    ipcMain.handle(invokeChannel(name), (event, payload: unknown) => {
      if (!isTrustedSender(event, devServerUrl)) {
        log(`Refused ${name} from an untrusted frame`);
        return { ok: false, error: message('ipc.untrusted') };
      }
      return dispatch(handlers, name, payload, (error) => log(`Handler ${name} failed`, error));
    });
  }
}

/** Sends an event to every live window. */
export function broadcast(targets: () => WebContents[]) {
  return <N extends keyof EventPayloads>(name: N, payload: EventPayloads[N]): void => {
    for (const contents of targets()) if (!contents.isDestroyed()) contents.send(eventChannel(name), payload);
  };
}
