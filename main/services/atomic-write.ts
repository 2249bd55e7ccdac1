import { constants, promises as fs } from 'node:fs';
import path from 'node:path';
import { checkWritable } from './file-access';

const RETRYABLE = new Set(['EPERM', 'EBUSY', 'EACCES']);

async function renameWithRetry(from: string, to: string): Promise<void> {
  // On Windows a rename fails with EPERM/EBUSY while antivirus or an indexer holds the target.
  for (let attempt = 0; ; attempt++) {
    try {
      await fs.rename(from, to);
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? '';
      if (!RETRYABLE.has(code) || attempt >= 6) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt));
    }
  }
}

/** A fresh name beside `file` for a temporary file (created exclusively, so never through a link). */
function tempName(file: string, purpose: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${purpose}.${process.pid}.${Date.now()}.tmp`);
}

/**
 * Writes a file so that a crash or power cut at any moment leaves either the old or the new
 * content: temporary file, fsync, rename over the target, then fsync of the folder (POSIX).
 * The previous version is kept as `<file>.bak` (sessions); exports, which the app can always
 * write again, pass `backup: false` so they leave nothing beside the file. Temporary files are
 * created exclusively and renamed into place, so neither they nor the backup ever write through
 * a symbolic link; a target that is a folder, device or FIFO is refused. Content given as an
 * async iterable is written piece by piece (a large export is never one string).
 */
export async function writeFileAtomic(
  file: string,
  content: string | Uint8Array | AsyncIterable<string>,
  options: { backup?: boolean } = {},
): Promise<void> {
  const dir = path.dirname(file);
  await fs.mkdir(dir, { recursive: true });
  await checkWritable(file);
  const temp = tempName(file, 'new');
  const backup = tempName(file, 'bak');
  try {
    const handle = await fs.open(temp, 'wx');
    try {
      await handle.writeFile(content, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (options.backup !== false) {
      const copied = await fs.copyFile(file, backup, constants.COPYFILE_EXCL).then(
        () => true,
        (error: NodeJS.ErrnoException) => {
          if (error.code === 'ENOENT') return false;
          throw error;
        },
      );
      if (copied) await renameWithRetry(backup, `${file}.bak`);
    }
    await renameWithRetry(temp, file);
  } catch (error) {
    await Promise.all([fs.rm(temp, { force: true }), fs.rm(backup, { force: true })]);
    throw error;
  }
  if (process.platform !== 'win32') {
    const dirHandle = await fs.open(dir, 'r');
    try {
      await dirHandle.sync();
    } finally {
      await dirHandle.close();
    }
  }
}
