/** Something scheduled to happen at `at` (epoch ms); ties run in the order they were scheduled. */
export interface Scheduled<T> {
  at: number;
  seq: number;
  value: T;
}

/** A binary min-heap of scheduled actions ordered by (time, sequence). */
export class ActionQueue<T> {
  readonly #heap: Scheduled<T>[] = [];
  #seq = 0;

  get size(): number {
    return this.#heap.length;
  }

  /** Schedules `value` at `at`. */
  push(at: number, value: T): void {
    const heap = this.#heap;
    const item = { at, seq: this.#seq++, value };
    heap.push(item);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(item, heap[parent]!)) break;
      heap[i] = heap[parent]!;
      i = parent;
    }
    heap[i] = item;
  }

  /** The time of the earliest action, or undefined when none is left. */
  peekAt(): number | undefined {
    return this.#heap[0]?.at;
  }

  /** Removes and returns the earliest action. */
  pop(): Scheduled<T> | undefined {
    const heap = this.#heap;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top;
    let i = 0;
    const n = heap.length;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const child = r < n && before(heap[r]!, heap[l]!) ? r : l;
      if (!before(heap[child]!, last)) break;
      heap[i] = heap[child]!;
      i = child;
    }
    heap[i] = last;
    return top;
  }
}

function before<T>(a: Scheduled<T>, b: Scheduled<T>): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}
