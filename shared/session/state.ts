import type { Message } from '../messages';

/** What the window shows about the session document (see main's SessionStore). */
export interface SessionState {
  readonly filePath: string | undefined;
  /** File name (or Untitled), • when there are unsaved changes, and (read-only) when it is. */
  readonly title: string;
  readonly dirty: boolean;
  readonly readOnly: boolean;
  /** Runs found in the autosave at start-up, offered for restoring (0 once answered). */
  readonly restorable: number;
  /** Something the user should read (a file that could not be restored, a read-only file). */
  readonly notice: Message | undefined;
}
