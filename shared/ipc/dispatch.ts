import { UserError, message } from '../messages';
import { validate } from '../spec';
import { INVOKE_NAMES, type InvokeName } from './channels';
import { invokeContract, type HandlerTable, type InvokeResponse, type Result } from './contract';

export function isInvokeName(name: unknown): name is InvokeName {
  return typeof name === 'string' && (INVOKE_NAMES as readonly string[]).includes(name);
}

/**
 * Validates a request against the contract and runs its handler. Used by Electron's ipcMain and
 * the web-preview bridge alike, so both hosts accept and refuse exactly the same payloads.
 * Unexpected failures are reported in words, never as a stack trace.
 */
export async function dispatch<N extends InvokeName>(
  handlers: HandlerTable,
  name: N,
  payload: unknown,
  onUnexpected: (error: unknown) => void = () => undefined,
): Promise<Result<InvokeResponse<N>>> {
  let parsed: ReturnType<typeof validate>;
  try {
    parsed = validate(invokeContract[name].request, payload);
  } catch (error) {
    // A payload nested thousands deep exhausts the validator's stack: refused in words.
    if (error instanceof RangeError) return { ok: false, error: message('ipc.tooDeep') };
    throw error;
  }
  if (!parsed.ok) return parsed;
  try {
    const handler = handlers[name] as (request: unknown) => Promise<InvokeResponse<N>>;
    return { ok: true, value: await handler(parsed.value) };
  } catch (error) {
    if (error instanceof UserError) return { ok: false, error: error.detail };
    onUnexpected(error);
    return { ok: false, error: message('ipc.unexpected', { name }) };
  }
}
