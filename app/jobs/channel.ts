// A bounded async channel: the simulation side puts encoded batches, a COPY stream pulls them. put()
// waits while the channel is full, which is how the database's pace reaches the simulation.
export class Channel<T> implements AsyncIterable<T> {
  private items: T[] = [];
  private closed = false;
  private error: unknown = null;
  private notifyReader: (() => void) | null = null;
  private notifyWriter: (() => void) | null = null;

  constructor(private readonly capacity = 2) {}

  async put(item: T): Promise<void> {
    while (this.items.length >= this.capacity && this.error === null) await new Promise<void>((r) => (this.notifyWriter = r));
    if (this.error !== null) throw this.error;
    this.items.push(item);
    this.wakeReader();
  }

  close(): void {
    this.closed = true;
    this.wakeReader();
  }

  /** Fails both sides: pending and later put() calls reject, the reader throws. */
  fail(e: unknown): void {
    this.error ??= e;
    this.wakeReader();
    this.wakeWriter();
  }

  private wakeReader(): void {
    const r = this.notifyReader;
    this.notifyReader = null;
    r?.();
  }

  private wakeWriter(): void {
    const w = this.notifyWriter;
    this.notifyWriter = null;
    w?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    for (;;) {
      if (this.error !== null) throw this.error;
      if (this.items.length > 0) {
        const item = this.items.shift()!;
        this.wakeWriter();
        yield item;
      } else if (this.closed) return;
      else await new Promise<void>((r) => (this.notifyReader = r));
    }
  }
}
