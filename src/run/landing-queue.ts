/**
 * One landing at a time (docs/apply.md, "Land"): the running is parallel, the landing is
 * serial. When several items wait, the one earliest in plan order goes first, so the
 * target's history follows the plan wherever the timing lets it.
 */
export class LandingQueue {
  private busy = false;
  private readonly waiting: Array<{ rank: number; start: () => void }> = [];

  async run<T>(rank: number, work: () => Promise<T>): Promise<T> {
    if (this.busy) {
      await new Promise<void>((start) => {
        this.waiting.push({ rank, start });
        this.waiting.sort((a, b) => a.rank - b.rank);
      });
    }
    this.busy = true;
    try {
      return await work();
    } finally {
      // Hand over without releasing, so nobody arriving now jumps the queue.
      const next = this.waiting.shift();
      if (next) next.start();
      else this.busy = false;
    }
  }
}
