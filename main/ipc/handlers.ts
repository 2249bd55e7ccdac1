import { ExpressionError } from '@shared/engine/expression';
import { RunError, checkSpec } from '@shared/engine/runner';
import { UserFacingError, type HandlerTable } from '@shared/ipc/contract';
import type { RunService } from '../services/run-service';

/**
 * The handler table behind every IPC message. Electron's ipcMain and the web-preview bridge both
 * serve exactly this table through `dispatch`, which validates requests first.
 */
export function createHandlers(runs: RunService): HandlerTable {
  return {
    startRun: async (spec) => {
      let dimension: number;
      try {
        dimension = checkSpec(spec).variables.length;
      } catch (error) {
        if (error instanceof ExpressionError || error instanceof RunError) throw new UserFacingError(error.message);
        throw error;
      }
      return { runId: runs.start(spec, dimension) };
    },
    cancelRun: async ({ runId }) => ({ cancelled: runs.cancel(runId) }),
    listRuns: async () => runs.list(),
    getRun: async ({ runId }) => runs.get(runId),
    evaluateGrid: (request) => runs.evaluateGrid(request),
  };
}
