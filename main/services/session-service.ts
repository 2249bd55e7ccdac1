import path from 'node:path';
import { variableNames } from '@shared/engine/expression';
import { UserError, message } from '@shared/messages';
import { Locale } from './locale';
import { runToCsv } from '@shared/session/export';
import type { SessionState } from '@shared/session/state';
import { writeFileAtomic } from './atomic-write';
import type { RecentFiles } from './recent-files';
import { parseSessionText, readSessionFile, serializeSession, type SessionStore } from './session-store';

/** Native file dialogs where the host has them (Electron); the web preview has none. */
export interface FileDialogs {
  chooseSessionToOpen(): Promise<string | undefined>;
  chooseSaveLocation(suggestedName: string, kind: 'session' | 'csv' | 'json' | 'png'): Promise<string | undefined>;
}

export const NO_DIALOGS: FileDialogs = {
  chooseSessionToOpen: async () => undefined,
  chooseSaveLocation: async () => undefined,
};

const EXTENSIONS = { session: '.dlab', csv: '.csv', json: '.json', png: '.png' } as const;
/** Every PNG file starts with these eight bytes. */
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Only files of the kind asked for: the renderer can never make us write an arbitrary file. */
function checkExtension(file: string, kind: keyof typeof EXTENSIONS): string {
  const extension = EXTENSIONS[kind];
  if (path.extname(file).toLowerCase() !== extension) {
    throw new UserError(message('file.extension', { name: path.basename(file), extension }));
  }
  return path.resolve(file);
}

function wrap<T>(action: () => Promise<T>): Promise<T> {
  return action().catch((error: unknown) => {
    if (error instanceof UserError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code) throw new UserError(message('file.writeFailed', { code }));
    throw error;
  });
}

/** Session files: New, Open, Save, Save As, Revert, Open Recent and exports. */
export class SessionService {
  constructor(
    private readonly store: SessionStore,
    private readonly recent: RecentFiles,
    private readonly dialogs: FileDialogs,
    private readonly locale = new Locale(),
  ) {}

  state(): SessionState {
    return this.store.state();
  }

  newSession(): SessionState {
    this.store.reset();
    return this.store.state();
  }

  async open(file?: string): Promise<SessionState | { cancelled: true }> {
    const chosen = file ?? (await this.dialogs.chooseSessionToOpen());
    if (!chosen) return { cancelled: true };
    const target = checkExtension(chosen, 'session');
    return wrap(async () => {
      this.store.replace(await readSessionFile(target), target);
      await this.recent.add(target);
      return this.store.state();
    });
  }

  /** A dropped file's content: opened as an untitled session (the page does not see paths). */
  openText(name: string, text: string): SessionState {
    this.store.replace(parseSessionText(name, text), undefined);
    return this.store.state();
  }

  async save(options: { path?: string; saveAs?: boolean }): Promise<SessionState | { cancelled: true }> {
    const current = this.store.state();
    let target = options.path;
    if (!target && !options.saveAs && current.filePath && !current.readOnly) target = current.filePath;
    target ??= await this.dialogs.chooseSaveLocation(
      current.filePath ? path.basename(current.filePath) : this.locale.text('untitledFile'),
      'session',
    );
    if (!target) {
      if (this.dialogs === NO_DIALOGS) throw new UserError(message('file.needPath'));
      return { cancelled: true };
    }
    const file = checkExtension(target, 'session');
    return wrap(async () => {
      await this.store.saveTo(file);
      await this.recent.add(file);
      return this.store.state();
    });
  }

  async revert(): Promise<SessionState> {
    const file = this.store.state().filePath;
    if (!file) throw new UserError(message('file.nothingToRevert'));
    return wrap(async () => {
      this.store.replace(await readSessionFile(file), file);
      return this.store.state();
    });
  }

  recentFiles(): string[] {
    return this.recent.list();
  }

  async exportRun(runId: string, file?: string): Promise<{ path: string } | { cancelled: true }> {
    const run = this.store.get(runId);
    if (!run) throw new UserError(message('run.unknown', { id: runId }));
    return this.writeExport(run.name, 'csv', file, () => runToCsv(run, variableNames(run.spec)));
  }

  /** Writes a chart image (PNG bytes, base64) the window rendered. */
  async exportImage(name: string, png: string, file?: string): Promise<{ path: string } | { cancelled: true }> {
    const bytes = Buffer.from(png, 'base64');
    if (bytes.length < PNG_SIGNATURE.length || PNG_SIGNATURE.some((b, i) => bytes[i] !== b))
      throw new UserError(message('file.notPng'));
    return this.writeExport(name, 'png', file, () => bytes);
  }

  async exportSession(file?: string): Promise<{ path: string } | { cancelled: true }> {
    return this.writeExport('session', 'json', file, () => serializeSession(this.store.document()));
  }

  /**
   * Every export: the given path or one chosen in the host's dialog (suggested from `name`), the
   * right extension, and an atomic write that leaves no backup (an export can always be redone).
   */
  private async writeExport(
    name: string,
    kind: 'csv' | 'json' | 'png',
    file: string | undefined,
    content: () => string | Uint8Array,
  ): Promise<{ path: string } | { cancelled: true }> {
    const chosen = file ?? (await this.dialogs.chooseSaveLocation(`${name.replace(/[^\w.-]+/g, '-')}.${kind}`, kind));
    if (!chosen) return { cancelled: true };
    const target = checkExtension(chosen, kind);
    return wrap(async () => {
      await writeFileAtomic(target, content(), { backup: false });
      return { path: target };
    });
  }
}
