/**
 * Every timer the fake starts goes through here, so close() can clear them all and vitest
 * (or a benchmark) exits without waiting for an hour-long retention timer.
 */
export class TimerRegistry {
  private readonly handles = new Set<NodeJS.Timeout>();
  private readonly sleepers = new Set<() => void>();
  private closed = false;

  set(fn: () => void, ms: number): NodeJS.Timeout {
    const handle = setTimeout(() => {
      this.handles.delete(handle);
      fn();
    }, Math.max(0, ms));
    this.handles.add(handle);
    return handle;
  }

  clear(handle: NodeJS.Timeout): void {
    clearTimeout(handle);
    this.handles.delete(handle);
  }

  /** Resolves after `ms`, or at once when the registry closes (callers check `isClosed`). */
  sleep(ms: number): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = (): void => {
        this.sleepers.delete(wake);
        this.clear(handle);
        resolve();
      };
      const handle = this.set(wake, ms);
      this.sleepers.add(wake);
    });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  close(): void {
    this.closed = true;
    for (const handle of this.handles) clearTimeout(handle);
    this.handles.clear();
    for (const wake of [...this.sleepers]) wake();
  }
}
