/** Token buckets per key, in memory (per process). */
export class TokenEmmers {
  private emmers = new Map<string, { tokens: number; at: number }>();
  private static readonly MAX = 100_000;

  constructor(
    private readonly perSeconde: number,
    private readonly piek: number,
  ) {}

  /** Takes one token. Returns 0 when allowed, else the milliseconds until a token is available. */
  neem(sleutel: string, nu = Date.now()): number {
    let e = this.emmers.get(sleutel);
    if (!e) {
      if (this.emmers.size >= TokenEmmers.MAX) this.emmers.clear();
      e = { tokens: this.piek, at: nu };
      this.emmers.set(sleutel, e);
    }
    e.tokens = Math.min(this.piek, e.tokens + ((nu - e.at) / 1000) * this.perSeconde);
    e.at = nu;
    if (e.tokens >= 1) {
      e.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil(((1 - e.tokens) / this.perSeconde) * 1000));
  }
}
