// The terminal line of a running sync: phase, page, requests made, rate and
// an ETA for the phase (from the page count its Link header gives).
const REDRAW_MS = 200;

function duration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--:--';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return h ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

export class SyncProgress {
  private readonly start = Date.now();
  private phaseStart = Date.now();
  private phase = '';
  private page = 0;
  private pages: number | null = null;
  private requests = 0;
  private last = 0;
  private drawn = false;

  constructor(private readonly out: { write(s: string): unknown }) {}

  onRequest(): void {
    this.requests++;
    this.draw();
  }

  onPhase(phase: string, page: number, pages: number | null): void {
    if (phase !== this.phase) this.phaseStart = Date.now();
    this.phase = phase;
    this.page = page;
    this.pages = pages;
    this.draw(true);
  }

  private draw(force = false): void {
    const now = Date.now();
    if (!force && now - this.last < REDRAW_MS) return;
    this.last = now;
    const elapsed = (now - this.start) / 1000;
    const rate = elapsed > 0 ? this.requests / elapsed : 0;
    let where = this.phase ? `${this.phase} page ${this.page}` : 'starting';
    let eta = '';
    if (this.pages) {
      where += `/${this.pages}`;
      const done = Math.max(0, this.page - 1) / this.pages;
      const spent = (now - this.phaseStart) / 1000;
      eta = `  ETA ${done > 0 ? duration((spent * (1 - done)) / done) : '--:--'}`;
    }
    this.out.write(`\r\x1b[2K${where}  ${this.requests} requests  ${rate.toFixed(1)}/s${eta}`);
    this.drawn = true;
  }

  clear(): void {
    if (this.drawn) this.out.write('\r\x1b[2K');
    this.drawn = false;
  }
}
