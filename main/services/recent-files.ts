import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from './atomic-write';

const RecentSchema = z.array(z.string()).max(50);
const LIMIT = 10;

/** The most recently opened or saved session files, newest first, kept in the data folder. */
export class RecentFiles {
  private files: string[] = [];
  constructor(private readonly dataDir: string) {}

  private get file(): string {
    return path.join(this.dataDir, 'recent.json');
  }

  async load(): Promise<void> {
    try {
      const parsed = RecentSchema.safeParse(JSON.parse(await fs.readFile(this.file, 'utf8')));
      this.files = parsed.success ? parsed.data.slice(0, LIMIT) : [];
    } catch {
      this.files = [];
    }
  }

  list(): string[] {
    return [...this.files];
  }

  async add(file: string): Promise<void> {
    this.files = [file, ...this.files.filter((f) => f !== file)].slice(0, LIMIT);
    await writeFileAtomic(this.file, JSON.stringify(this.files, null, 2));
  }
}
