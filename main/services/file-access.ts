import { constants, promises as fs } from 'node:fs';
import path from 'node:path';
import { UserError, message } from '@shared/messages';

export type FileKind = 'session' | 'csv' | 'json' | 'png';

export const EXTENSIONS: Readonly<Record<FileKind, string>> = {
  session: '.dlab',
  csv: '.csv',
  json: '.json',
  png: '.png',
};

/**
 * A path as main accepts it, whoever named it: absolute on this system (on POSIX `C:\x.dlab` is
 * not), no NUL, and the extension of the kind of file asked for.
 */
export function checkPath(file: string, kind: FileKind): string {
  const name = path.basename(file);
  if (file.includes('\0') || !path.isAbsolute(file)) throw new UserError(message('file.notAbsolute', { name: file }));
  const extension = EXTENSIONS[kind];
  if (path.extname(file).toLowerCase() !== extension)
    throw new UserError(message('file.extension', { name, extension }));
  return path.resolve(file);
}

/**
 * Who may name a file for main to read or write. The page's own text never decides on its own:
 * in the desktop app only paths the user chose (main's dialogs, the OS, a drop, Open Recent)
 * pass; in the web preview, which has no native dialogs, paths inside one folder.
 */
export interface FileAccess {
  /** A path the page named: checked, resolved, and allowed — or a UserError saying why not. */
  fromPage(file: string, kind: FileKind): Promise<string>;
  /** The user chose this file (a dialog, the OS, a drop): the page may name it from now on. */
  grant(file: string): void;
  /** The folder the page's paths must lie in, where there is one (the web preview). */
  readonly folder?: string;
}

/** The desktop app's rule: only what the user chose, or has in Open Recent. */
export class ChosenFiles implements FileAccess {
  private readonly chosen = new Set<string>();

  constructor(private readonly recent: () => readonly string[]) {}

  async fromPage(file: string, kind: FileKind): Promise<string> {
    const resolved = checkPath(file, kind);
    if (!this.chosen.has(resolved) && !this.recent().includes(resolved))
      throw new UserError(message('file.notChosen', { name: path.basename(resolved) }));
    return resolved;
  }

  grant(file: string): void {
    this.chosen.add(path.resolve(file));
  }
}

/** The web preview's rule: anything inside `root` (resolving symbolic links, so none leads out). */
export class FolderFiles implements FileAccess {
  readonly folder: string;

  constructor(private readonly root: string) {
    this.folder = path.resolve(root);
  }

  async fromPage(file: string, kind: FileKind): Promise<string> {
    const resolved = checkPath(file, kind);
    const root = await fs.realpath(this.root).catch(() => path.resolve(this.root));
    // The file may not exist yet: its folder must, and must lie inside the root once links are resolved.
    const folder = await fs.realpath(path.dirname(resolved)).catch(() => undefined);
    const real = folder && path.join(folder, path.basename(resolved));
    // A link that leads nowhere yet could be made to lead anywhere: refused like one that leads out.
    const dangling = async (): Promise<string | undefined> =>
      real &&
      (await fs.lstat(real).then(
        (stat) => stat.isSymbolicLink(),
        () => false,
      ))
        ? undefined
        : real;
    const target = real ? await fs.realpath(real).catch(dangling) : undefined;
    if (!target || !(target === root || target.startsWith(root + path.sep)))
      throw new UserError(message('file.outsideFolder', { folder: this.root }));
    return resolved;
  }

  grant(): void {}
}

/**
 * Opens a file for reading only if it is a regular file. It is opened non-blocking and then
 * checked, so a FIFO cannot hang the read and nothing changes between the check and the read.
 */
export async function readRegularFile(file: string, maxBytes = Infinity): Promise<Buffer> {
  const handle = await fs.open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new UserError(message('file.notRegular', { name: path.basename(file) }));
    if (stat.size > maxBytes)
      throw new UserError(
        message('file.tooLarge', { name: path.basename(file), limit: Math.floor(maxBytes / 1024 ** 2) }),
      );
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

/** Refuses to write over anything but a regular file (or nothing): not a folder, a device or a FIFO. */
export async function checkWritable(file: string): Promise<void> {
  const stat = await fs.stat(file).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (stat && !stat.isFile()) throw new UserError(message('file.notRegular', { name: path.basename(file) }));
}
