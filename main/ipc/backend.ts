import { formatMessage } from '@shared/messages';
import os from 'node:os';
import type { HandlerTable } from '@shared/ipc/contract';
import { createHandlers } from './handlers';
import { JobSupervisor, type WorkerFactory } from '../services/job-supervisor';
import { ChosenFiles, FolderFiles, type FileAccess } from '../services/file-access';
import { MainText } from '../services/locale';
import { RecentFiles } from '../services/recent-files';
import { RunService, type EventSink } from '../services/run-service';
import { NO_DIALOGS, SessionService, type FileDialogs } from '../services/session-service';
import { SessionStore } from '../services/session-store';
import type { SessionThreadFactory } from '../services/session-thread-client';

export interface BackendOptions {
  dataDir: string;
  appVersion: string;
  createWorker: WorkerFactory;
  /** Starts the thread that owns the session's database (see SessionStore). */
  sessionThread: SessionThreadFactory;
  emit: EventSink;
  poolSize?: number;
  /** Native dialogs (Electron); the web preview has none. */
  dialogs?: FileDialogs;
  log?: (message: string, error?: unknown) => void;
  /** Shared with the host's own glue (Electron's menus and dialogs); a new one by default. */
  locale?: MainText;
  /**
   * The one folder whose files the page may name (the web preview, which has no native dialogs).
   * Without it, the page may name only files the user chose (the desktop app).
   */
  confineFilesTo?: string;
}

export interface Backend {
  readonly handlers: HandlerTable;
  readonly supervisor: JobSupervisor;
  readonly store: SessionStore;
  readonly sessions: SessionService;
  readonly runs: RunService;
  /** The window's language, for what main words (titles, run names, menus, dialogs). */
  readonly locale: MainText;
  /** Which paths the page may name; the host grants the files the OS hands it. */
  readonly files: FileAccess;
  dispose(): Promise<void>;
}

/**
 * Everything behind the window, with no Electron in it: the Electron main process and the
 * web-preview server both build exactly this, and tests build it under plain Node.
 */
export async function createBackend(options: BackendOptions): Promise<Backend> {
  const log = options.log ?? ((message: string, error?: unknown) => console.error(message, error ?? ''));
  const locale = options.locale ?? new MainText();
  const store = new SessionStore({
    dataDir: options.dataDir,
    appVersion: options.appVersion,
    thread: options.sessionThread,
    delayMs: 300,
    onSaveError: (error) => log('Autosave failed', error),
    locale,
  });
  await store.load();
  if (store.loadProblem) log(`The previous session could not be restored: ${formatMessage(store.loadProblem)}`);
  const supervisor = new JobSupervisor({
    createWorker: options.createWorker,
    // One worker per core, at least two (so a contour grid never waits behind a long run), at most four.
    poolSize: options.poolSize ?? Math.min(4, Math.max(2, os.availableParallelism())),
  });
  const runs = new RunService(supervisor, store, options.emit, undefined, locale);
  const recent = new RecentFiles(options.dataDir);
  await recent.load();
  const files: FileAccess = options.confineFilesTo
    ? new FolderFiles(options.confineFilesTo)
    : new ChosenFiles(() => recent.list());
  const sessions = new SessionService(store, recent, options.dialogs ?? NO_DIALOGS, files, locale);
  store.onChange((state) => options.emit('sessionChanged', state));
  return {
    handlers: createHandlers(runs, sessions, store, locale, files),
    files,
    supervisor,
    store,
    sessions,
    runs,
    locale,
    dispose: async () => {
      await supervisor.dispose();
      // An Open or Save finishing (its Open Recent entry, its grant) before the store closes.
      await sessions.idle();
      await store.close();
    },
  };
}
