import { describe, expect, it } from 'vitest';
import { testSessionThread } from '../test/worker-harness';
import { SessionFileError } from './session-errors';
import { SessionThread, sessionThreadScript } from './session-thread-client';

describe('SessionThread', () => {
  it('carries a user error across with its message code, not as a bare string', async () => {
    const thread = new SessionThread(testSessionThread());
    try {
      const failure = await thread.call('importJsonText', 'notes.dlab', '{ nope').catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(SessionFileError);
      expect((failure as SessionFileError).detail).toEqual({ code: 'file.notJson', params: { name: 'notes.dlab' } });
    } finally {
      await thread.close();
    }
  });

  it('fails waiting and later calls, instead of hanging, when the thread stops', async () => {
    const thread = new SessionThread(
      sessionThreadScript(
        'setTimeout(() => process.exit(3), 50); require("node:worker_threads").parentPort.on("message", () => {});',
        {
          eval: true,
        },
      ),
    );
    await expect(thread.call('clear')).rejects.toThrow('the session thread stopped (exit code 3)');
    await expect(thread.call('clear')).rejects.toThrow('exit code 3');
    await thread.close();
  });
});
