import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UserError, type MessageCode } from '@shared/messages';
import { writeFileAtomic } from './atomic-write';
import { ChosenFiles, FolderFiles, checkPath, readRegularFile } from './file-access';

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'descent-lab-files-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The message code a call fails with. */
async function refusal(action: () => unknown): Promise<MessageCode | undefined> {
  try {
    await action();
  } catch (error) {
    if (error instanceof UserError) return error.detail.code;
    throw error;
  }
  return undefined;
}

describe('checkPath', () => {
  it.runIf(process.platform !== 'win32')('refuses Windows-style and relative paths on POSIX', async () => {
    expect(await refusal(() => checkPath('C:\\x.dlab', 'session'))).toBe('file.notAbsolute');
    expect(await refusal(() => checkPath('\\\\server\\share\\x.dlab', 'session'))).toBe('file.notAbsolute');
    expect(await refusal(() => checkPath('x.dlab', 'session'))).toBe('file.notAbsolute');
  });

  it('refuses a NUL and the wrong extension, and resolves the rest', async () => {
    const file = path.join(dir, 'a', '..', 'b.dlab');
    expect(checkPath(file, 'session')).toBe(path.join(dir, 'b.dlab'));
    expect(await refusal(() => checkPath(`${file}\0.dlab`, 'session'))).toBe('file.notAbsolute');
    expect(await refusal(() => checkPath(path.join(dir, 'b.csv'), 'session'))).toBe('file.extension');
  });
});

describe('ChosenFiles (the desktop app)', () => {
  it('lets the page name only files the user chose or has in Open Recent', async () => {
    const recent = [path.join(dir, 'recent.dlab')];
    const access = new ChosenFiles(() => recent);
    const chosen = path.join(dir, 'chosen.dlab');
    expect(await refusal(() => access.fromPage(chosen, 'session'))).toBe('file.notChosen');
    access.grant(chosen);
    expect(await access.fromPage(chosen, 'session')).toBe(chosen);
    expect(await access.fromPage(recent[0] ?? '', 'session')).toBe(recent[0]);
  });
});

describe('FolderFiles (the web preview)', () => {
  it('allows files inside its folder, and nothing that leads out of it', async () => {
    const root = path.join(dir, 'root');
    const outside = path.join(dir, 'outside');
    await mkdir(path.join(root, 'sub'), { recursive: true });
    await mkdir(outside);
    await symlink(outside, path.join(root, 'escape'));
    await symlink(path.join(outside, 'x.dlab'), path.join(root, 'link.dlab'));
    const access = new FolderFiles(root);
    expect(await access.fromPage(path.join(root, 'sub', 'a.dlab'), 'session')).toBe(path.join(root, 'sub', 'a.dlab'));
    for (const file of [
      path.join(outside, 'a.dlab'),
      path.join(root, '..', 'outside', 'a.dlab'),
      path.join(root, 'escape', 'a.dlab'),
      path.join(root, 'link.dlab'),
      path.join(root, 'missing-folder', 'a.dlab'),
    ]) {
      expect(await refusal(() => access.fromPage(file, 'session')), file).toBe('file.outsideFolder');
    }
  });
});

describe('reading and writing only regular files', () => {
  it.runIf(process.platform !== 'win32')('refuses a FIFO at once (it would block a read) and a folder', async () => {
    const fifo = path.join(dir, 'pipe.dlab');
    execFileSync('mkfifo', [fifo]);
    expect(await refusal(() => readRegularFile(fifo))).toBe('file.notRegular');
    expect(await refusal(() => readRegularFile(dir))).toBe('file.notRegular');
    expect(await refusal(() => writeFileAtomic(fifo, 'x'))).toBe('file.notRegular');
  });

  it('never writes a backup through a symbolic link, and leaves no temporary file', async () => {
    const file = path.join(dir, 'session.dlab');
    const victim = path.join(dir, 'unrelated.txt');
    await writeFile(file, 'old');
    await writeFile(victim, 'precious');
    await symlink(victim, `${file}.bak`);
    await writeFileAtomic(file, 'new');
    expect(await readFile(file, 'utf8')).toBe('new');
    expect(await readFile(`${file}.bak`, 'utf8')).toBe('old');
    expect(await readFile(victim, 'utf8')).toBe('precious');
    expect((await readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});
