import { readFileSync, writeFileSync } from 'node:fs';

/**
 * Peak resident memory of one process during a figure. On Linux the kernel's own high-water mark (VmHWM) is reset at
 * `begin` (clear_refs 5) and read at `piek`; RSS is also sampled every 50 ms, for kernels that refuse the reset.
 * Without /proc (not Linux) the figure is NaN and the memory limit is not judged.
 */
export class PiekRss {
  private max = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly pid: number) {}

  begin(): void {
    try {
      writeFileSync(`/proc/${this.pid}/clear_refs`, '5');
    } catch {
      /* not permitted or not Linux: the sampling below still sees the peak roughly */
    }
    this.max = this.lees('VmRSS');
    clearInterval(this.timer);
    this.timer = setInterval(() => {
      this.max = Math.max(this.max, this.lees('VmRSS'));
    }, 50);
    this.timer.unref();
  }

  piek(): number {
    return Math.max(this.max, this.lees('VmRSS'), this.lees('VmHWM'));
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private lees(veld: 'VmRSS' | 'VmHWM'): number {
    try {
      const m = new RegExp(`^${veld}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${this.pid}/status`, 'utf8'));
      return m ? Number(m[1]) * 1024 : Number.NaN;
    } catch {
      return Number.NaN;
    }
  }
}
