import { z } from 'zod';
import { LANGUAGES } from '../i18n';
import { message, type Result } from '../messages';

export type { Result };
import type { StepInspection } from '../engine/inspect';
import type { PathRows } from '../engine/path-rows';
import { RunRecordSchema, type RunListing, type RunRecord } from '../session/run-record';
import { FormStateSchema, type FormState } from '../session/schema';
import type { SessionState } from '../session/state';
import { MAX_SESSION_TEXT } from '../limits';
import { JobSpecSchema, MAX_STEPS } from '../spec';
import type { EventName, InvokeName } from './channels';

/**
 * The one IPC contract. Main's handlers, the preload's `window.api`, the web-preview bridge and
 * the renderer's client are all typed from this table; requests are validated against its
 * schemas on the main side before any handler runs.
 */

interface InvokeDefinition<Request extends z.ZodType, Response> {
  readonly request: Request;
  /** Type-only: responses come from our own code and are not validated at runtime. */
  readonly response?: Response;
}

const invoke =
  <Response>() =>
  <Request extends z.ZodType>(request: Request): InvokeDefinition<Request, Response> => ({ request });

const RunIdSchema = z.object({ runId: z.string().min(1).max(100) }).strict();
const Empty = z.object({}).strict();
/** An absolute path typed by the user (the web preview has no native dialogs). */
const FilePath = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => /^(?:\/|[A-Za-z]:[\\/]|\\\\)/.test(p), { params: message('spec.pathNotAbsolute') })
  .refine((p) => !p.includes('\0'), { params: message('spec.pathNul') });
const OptionalPath = z.object({ path: FilePath.optional() }).strict();

export const invokeContract = {
  /** Starts a descent job; the run is recorded in the history at once, under the name main gave it. */
  /** Starts a run; answers with its listing as the history keeps it (its name, colour, defaults). */
  startRun: invoke<RunListing>()(JobSpecSchema),
  cancelRun: invoke<{ cancelled: boolean }>()(RunIdSchema),
  /** Every run of the session, newest first, without paths. */
  listRuns: invoke<RunListing[]>()(Empty),
  /** One run with its recorded path. */
  getRun: invoke<RunRecord>()(RunIdSchema),
  /** A run replayed to one step, for the step inspector: x, f, ∇f, the optimizer's state, the next step. */
  inspectStep: invoke<StepInspection>()(
    z.object({ runId: RunIdSchema.shape.runId, step: z.number().int().min(0).max(MAX_STEPS) }).strict(),
  ),
  /**
   * The session document's state and its saved form; in the web preview, also the one folder
   * whose files the page may name (it types paths: its path dialog starts there).
   */
  getSession: invoke<{ state: SessionState; form: FormState | undefined; filesFolder?: string }>()(Empty),
  /** The form as typed, so the session (and its autosave) holds it. */
  setForm: invoke<SessionState>()(FormStateSchema),
  newSession: invoke<SessionState>()(Empty),
  /** Opens a .dlab file: the given path, or (desktop) one chosen in the host's dialog. */
  openSession: invoke<SessionState | { cancelled: true }>()(OptionalPath),
  /**
   * Opens a dropped file as that file (desktop). The page passes the File itself; the preload
   * sends the path Electron resolves for it, so the page never names it (see `PageRequests`).
   */
  openDroppedSession: invoke<SessionState | { cancelled: true }>()(
    z.object({ name: z.string().max(260), path: z.string().max(4096) }).strict(),
  ),
  /** Opens a session from a dropped file's content. */
  openSessionText: invoke<SessionState>()(
    z.object({ name: z.string().min(1).max(260), text: z.string().max(MAX_SESSION_TEXT) }).strict(),
  ),
  /** Saves to the session's file, or to `path`, or (desktop, Save As) to a file chosen in a dialog. */
  saveSession: invoke<SessionState | { cancelled: true }>()(
    z.object({ path: FilePath.optional(), saveAs: z.boolean().optional() }).strict(),
  ),
  revertSession: invoke<SessionState>()(Empty),
  listRecent: invoke<string[]>()(Empty),
  /** Keeps the restored autosave (the alternative is newSession). */
  dismissRestore: invoke<SessionState>()(Empty),
  /** Writes a run's path as CSV. */
  exportRun: invoke<{ path: string } | { cancelled: true }>()(
    z.object({ runId: z.string().min(1).max(100), path: FilePath.optional() }).strict(),
  ),
  /** Writes a chart as a PNG file (the image is rendered by the window, base64-encoded). */
  exportImage: invoke<{ path: string } | { cancelled: true }>()(
    z
      .object({
        name: z.string().min(1).max(100),
        png: z
          .string()
          .max(40 * 1024 * 1024)
          .refine((png) => /^[A-Za-z0-9+/]+={0,2}$/.test(png), { params: message('spec.notBase64') }),
        path: FilePath.optional(),
      })
      .strict(),
  ),
  /** Writes the whole session as JSON. */
  exportSession: invoke<{ path: string } | { cancelled: true }>()(OptionalPath),
  /** Renames a run or changes its notes. */
  updateRun: invoke<RunListing>()(
    z
      .object({
        runId: z.string().min(1).max(100),
        name: z.string().min(1).max(200).optional(),
        notes: z.string().max(10_000).optional(),
      })
      .strict(),
  ),
  /** Removes a run from the session; the reply is the whole record, for Undo. */
  deleteRun: invoke<RunRecord>()(RunIdSchema),
  /** Puts a deleted run back (Undo). */
  restoreRun: invoke<RunListing>()(RunRecordSchema),
  /** The window's language, so main's own words (title, run names, menus, dialogs) match it. */
  setLanguage: invoke<SessionState>()(z.object({ language: z.enum(LANGUAGES) }).strict()),
} satisfies Record<InvokeName, InvokeDefinition<z.ZodType, unknown>>;

export interface EventPayloads {
  runProgress: { runId: string; batch: PathRows };
  runEnded: { run: RunListing };
  sessionChanged: SessionState;
  /**
   * The window lost main (the web preview's server stopped): raised by the web bridge itself,
   * never sent by main. In the desktop app the window does not outlive main.
   */
  hostLost: Record<string, never>;
}

type Contract = typeof invokeContract;
/** What main receives for a message (what the preload or the bridge sends). */
export type WireRequest<N extends InvokeName> = z.input<Contract[N]['request']>;

/** The part of a dropped `File` the hosts use (shared/ has no DOM types). */
export interface DroppedFile {
  readonly name: string;
  readonly size: number;
  text(): Promise<string>;
  slice(start?: number, end?: number): { text(): Promise<string> };
}

/** Messages the page calls with something other than what travels: the host turns it into the request. */
interface PageRequests {
  openDroppedSession: DroppedFile;
}

/** What the page passes to `window.api[name]`. */
export type InvokeRequest<N extends InvokeName> = N extends keyof PageRequests ? PageRequests[N] : WireRequest<N>;
export type ValidatedRequest<N extends InvokeName> = z.output<Contract[N]['request']>;
export type InvokeResponse<N extends InvokeName> = NonNullable<Contract[N]['response']>;
export type EventPayload<N extends EventName> = EventPayloads[N];

/**
 * Every reply: a value, or a message for the user (a code the window translates, with its
 * parameters). Errors never cross IPC as exceptions.
 */

/** `window.api`: one function per message, derived from the contract. */
export type DescentApi = {
  [N in InvokeName]: (request: InvokeRequest<N>) => Promise<Result<InvokeResponse<N>>>;
} & {
  [N in EventName as `on${Capitalize<N>}`]: (listener: (payload: EventPayload<N>) => void) => () => void;
};

/** Main's side: one handler per message, given the validated request. */
export type HandlerTable = {
  [N in InvokeName]: (request: ValidatedRequest<N>) => Promise<InvokeResponse<N>>;
};
