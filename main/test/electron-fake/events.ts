import type { Event as ElectronEvent } from 'electron';

/** Electron's preventable event object, as its listeners receive it. */
export class FakeEvent implements ElectronEvent {
  defaultPrevented = false;
  readonly preventDefault = (): void => {
    this.defaultPrevented = true;
  };
}

/** A queue of answers for something the app asks the user (a dialog); an unexpected ask is a test failure. */
export class Answers<T> {
  private readonly queue: T[] = [];
  readonly asked: string[] = [];

  constructor(private readonly what: string) {}

  push(...answers: T[]): void {
    this.queue.push(...answers);
  }

  take(description: string): T {
    this.asked.push(description);
    const answer = this.queue.shift();
    if (answer === undefined) throw new Error(`unexpected ${this.what}: ${description}`);
    return answer;
  }

  get pending(): number {
    return this.queue.length;
  }
}
