import path from 'node:path';
import { variableNames } from '@shared/engine/expression';
import { UserError, message, systemReason } from '@shared/messages';
import { MainText } from './locale';
import { runToCsv } from '@shared/session/export';
import type { SessionState } from '@shared/session/state';
import { writeFileAtomic } from './atomic-write';
import { checkPath, type FileAccess, type FileKind } from './file-access';
import type { RecentFiles } from './recent-files';
import { isSqliteFile } from './session-db';
import { SessionFileError } from './session-errors';
import type { SessionStore } from './session-store';

/** Native file dialogs where the host has them (Electron); the web preview has none. */
export interface FileDialogs {
  chooseSessionToOpen(): Promise<string | undefined>;
  chooseSaveLocation(suggestedName: string, kind: 'session' | 'csv' | 'json' | 'png'): Promise<string | undefined>;
}

export const NO_DIALOGS: FileDialogs = {
  chooseSessionToOpen: async () => undefined,
  chooseSaveLocation: async () => undefined,
};

/** Every PNG file starts with these eight bytes. */
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function wrap<T>(action: () => Promise<T>): Promise<T> {
  return action().catch((error: unknown) => {
    if (error instanceof UserError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code) throw new UserError(message('file.writeFailed', { code: systemReason(code) }));
    throw error;
  });
}

/**
 * Session files: New, Open, Save, Save As, Revert, Open Recent and exports. Paths given to these
 * methods come from main's own side (a dialog, the OS, Open Recent) or were passed by
 * `FileAccess.fromPage`; every file opened or written is granted, so the page may name it again.
 */
export class SessionService {
  constructor(
    private readonly store: SessionStore,
    private readonly recent: RecentFiles,
    private readonly dialogs: FileDialogs,
    private readonly access: FileAccess,
    private readonly locale = new MainText(),
  ) {}

  /** File operations under way (an Open still writing Open Recent): quitting waits for them. */
  private readonly busy = new Set<Promise<unknown>>();

  private run<T>(action: () => Promise<T>): Promise<T> {
    const done = wrap(action);
    this.busy.add(done);
    void done.then(
      () => this.busy.delete(done),
      () => this.busy.delete(done),
    );
    return done;
  }

  /** Settles once every file operation under way has (the app is quitting). */
  async idle(): Promise<void> {
    await Promise.allSettled([...this.busy]);
  }

  /** Where to save a file of `kind`, chosen in the host's dialog; undefined if the user cancelled. */
  private async chooseSave(kind: FileKind, suggestedName: string): Promise<string | undefined> {
    const chosen = await this.dialogs.chooseSaveLocation(suggestedName, kind);
    return chosen === undefined ? undefined : checkPath(chosen, kind);
  }

  /** Adds files the user was given by the OS but that were not opened (several at once) to Open Recent. */
  async remember(files: readonly string[]): Promise<void> {
    for (const file of [...files].reverse()) {
      const resolved = checkPath(file, 'session');
      this.access.grant(resolved);
      await this.recent.add(resolved);
    }
  }

  state(): SessionState {
    return this.store.state();
  }

  /**
   * Makes `file` the open session (or, `untitled`, a new session with its content): a SQLite
   * `.dlab` is copied in, a JSON one (version 1) imported.
   */
  private async load(file: string, options: { untitled?: boolean } = {}): Promise<void> {
    const sqlite = await isSqliteFile(file).catch((error: NodeJS.ErrnoException) => {
      const code = error.code ?? String(error);
      throw new SessionFileError(
        message('file.unreadable', { name: path.basename(file), code: systemReason(code) }),
        code,
      );
    });
    if (sqlite) await this.store.openDatabase(file, options);
    else await this.store.openJsonFile(file, options);
  }

  /**
   * Opens a file's content as a new untitled session (a file dropped on the web preview, which
   * cannot know where it lives: the bridge streams it to a temporary copy). Either format.
   */
  async openCopy(file: string): Promise<SessionState> {
    return this.run(async () => {
      await this.load(file, { untitled: true });
      return this.store.state();
    });
  }

  async newSession(): Promise<SessionState> {
    await this.store.reset();
    return this.store.state();
  }

  async open(file?: string): Promise<SessionState | { cancelled: true }> {
    const chosen = file ?? (await this.dialogs.chooseSessionToOpen());
    const target = chosen === undefined ? undefined : checkPath(chosen, 'session');
    if (!target) return { cancelled: true };
    return this.run(async () => {
      await this.load(target);
      this.access.grant(target);
      await this.recent.add(target);
      return this.store.state();
    });
  }

  /** A dropped file's content: opened as an untitled session (the page does not see paths). */
  async openText(name: string, text: string): Promise<SessionState> {
    await this.store.openJsonText(name, text);
    return this.store.state();
  }

  async save(options: { path?: string; saveAs?: boolean }): Promise<SessionState | { cancelled: true }> {
    const current = this.store.state();
    let target = options.path;
    if (!target && !options.saveAs && current.filePath && !current.readOnly) target = current.filePath;
    const file = target
      ? checkPath(target, 'session')
      : await this.chooseSave(
          'session',
          current.filePath ? path.basename(current.filePath) : this.locale.text('untitledFile'),
        );
    if (!file) {
      if (this.dialogs === NO_DIALOGS) throw new UserError(message('file.needPath'));
      return { cancelled: true };
    }
    return this.run(async () => {
      await this.store.saveTo(file);
      this.access.grant(file);
      await this.recent.add(file);
      return this.store.state();
    });
  }

  async revert(): Promise<SessionState> {
    const file = this.store.state().filePath;
    if (!file) throw new UserError(message('file.nothingToRevert'));
    return this.run(async () => {
      await this.load(file);
      return this.store.state();
    });
  }

  recentFiles(): string[] {
    return this.recent.list();
  }

  async exportRun(runId: string, file?: string): Promise<{ path: string } | { cancelled: true }> {
    const run = await this.store.get(runId);
    if (!run) throw new UserError(message('run.unknown', { id: runId }));
    // A header alone is no export: say so rather than write it and call it done.
    if (!run.path || run.path.steps.length === 0)
      throw new UserError(message('run.nothingToExport', { name: run.name }));
    return this.writeExport(run.name, 'csv', file, (target) =>
      writeFileAtomic(
        target,
        runToCsv(run, variableNames(run.spec), {
          appVersion: this.store.appVersion,
          exportedAt: new Date().toISOString(),
        }),
        { backup: false },
      ),
    );
  }

  /** Writes a chart image (PNG bytes, base64) the window rendered. */
  async exportImage(name: string, png: string, file?: string): Promise<{ path: string } | { cancelled: true }> {
    const bytes = Buffer.from(png, 'base64');
    if (bytes.length < PNG_SIGNATURE.length || PNG_SIGNATURE.some((b, i) => bytes[i] !== b))
      throw new UserError(message('file.notPng'));
    return this.writeExport(name, 'png', file, (target) => writeFileAtomic(target, bytes, { backup: false }));
  }

  async exportSession(file?: string): Promise<{ path: string } | { cancelled: true }> {
    // Written by the session thread a run at a time: a large history is never one string on main.
    return this.writeExport('session', 'json', file, (target) => this.store.exportJson(target));
  }

  /**
   * Every export: the given path or one chosen in the host's dialog (suggested from `name`), the
   * right extension, and `write`: an atomic write that leaves no backup (an export can always be
   * redone).
   */
  private async writeExport(
    name: string,
    kind: 'csv' | 'json' | 'png',
    file: string | undefined,
    write: (target: string) => Promise<void>,
  ): Promise<{ path: string } | { cancelled: true }> {
    const target =
      file === undefined
        ? await this.chooseSave(kind, `${name.replace(/[^\w.-]+/g, '-')}.${kind}`)
        : checkPath(file, kind);
    if (!target) return { cancelled: true };
    return this.run(async () => {
      await write(target);
      this.access.grant(target);
      return { path: target };
    });
  }
}
