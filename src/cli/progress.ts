// A one-line progress bar for terminals: share done, mails/s and ETA,
// redrawn at most a few times a second so drawing never costs throughput.
const WIDTH = 30;
const REDRAW_MS = 200;

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '--:--';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return h ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

export class Progress {
  private readonly start = Date.now();
  private last = 0;
  private drawn = false;

  constructor(
    private readonly out: { write(s: string): unknown },
    private readonly done: () => number | null,
  ) {}

  update(items: number, force = false): void {
    const now = Date.now();
    if (!force && now - this.last < REDRAW_MS) return;
    this.last = now;
    const done = this.done();
    const elapsed = (now - this.start) / 1000;
    const rate = elapsed > 0 ? items / elapsed : 0;
    if (done === null) {
      // A stream of unknown length: no share, no ETA.
      this.out.write(`\r${items} mails  ${Math.round(rate)}/s  ${duration(elapsed)} `);
    } else {
      const share = Math.max(0, Math.min(1, done));
      const eta = share > 0 ? (elapsed * (1 - share)) / share : Infinity;
      const filled = Math.round(share * WIDTH);
      const bar = '#'.repeat(filled) + '-'.repeat(WIDTH - filled);
      this.out.write(`\r[${bar}] ${(share * 100).toFixed(1).padStart(5)}%  ${items} mails  ${Math.round(rate)}/s  ETA ${duration(eta)} `);
    }
    this.drawn = true;
  }

  clear(): void {
    if (this.drawn) this.out.write('\r\x1b[2K');
    this.drawn = false;
  }

  finish(items: number): void {
    this.update(items, true);
    this.out.write('\n');
  }
}
