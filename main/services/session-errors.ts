import { UserError, type Message } from '@shared/messages';

/** A session file that cannot be read or written; `errno` is the system's code, when there is one. */
export class SessionFileError extends UserError {
  override name = 'SessionFileError';
  constructor(
    detail: Message,
    readonly errno?: string,
  ) {
    super(detail);
  }
}
