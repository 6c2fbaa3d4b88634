/**
 * Fixed-window attempt counter in memory (per process): `max` attempts per `vensterMs` per key.
 * Used for login (per IP and per account); the lock-out in the database is the durable defence.
 */
export class Begrenzer {
  private vensters = new Map<string, { n: number; tot: number }>();
  private static readonly MAX_SLEUTELS = 100_000;

  constructor(
    private readonly max: number,
    private readonly vensterMs = 60_000,
  ) {}

  /** Counts one attempt. Returns 0 when allowed, else the milliseconds until the window ends. */
  neem(sleutel: string, nu = Date.now()): number {
    let v = this.vensters.get(sleutel);
    if (!v || v.tot <= nu) {
      if (this.vensters.size >= Begrenzer.MAX_SLEUTELS) this.opruimen(nu);
      v = { n: 0, tot: nu + this.vensterMs };
      this.vensters.set(sleutel, v);
    }
    v.n++;
    return v.n > this.max ? v.tot - nu : 0;
  }

  private opruimen(nu: number) {
    for (const [k, v] of this.vensters) if (v.tot <= nu) this.vensters.delete(k);
    // Still full (an attack from very many keys): start over rather than grow without bound.
    if (this.vensters.size >= Begrenzer.MAX_SLEUTELS) this.vensters.clear();
  }
}
