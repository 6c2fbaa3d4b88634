import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor, AuditLog } from '../modules/audit/index.ts';
import type { Logger } from '../shared/logger.ts';

declare module 'fastify' {
  interface FastifyInstance {
    weigeringen: Weigeringen;
  }
}

interface Weigering {
  actor: Actor | null;
  ip: string;
  /** Method and route pattern (`POST /api/vish/controle`), never the raw URL. */
  route: string;
  status: number;
  reden: string;
}

interface Venster {
  tot: number;
  onderdrukt: number;
  laatste: Weigering;
}

/**
 * Refused requests (401/403) in the audit trail and the log, rate-limited so a flood cannot fill either: per caller
 * (or, unknown, per IP address) + route + reason at most one entry per window (a minute). The first refusal is written
 * at once; the ones after it in the same window are counted and written as one entry with their number (`aantal`)
 * when the window has passed (checked every window, and on close).
 */
export class Weigeringen {
  /** The clock; tests move it. */
  klok: () => number = () => Date.now();
  private vensters = new Map<string, Venster>();
  private bezig = new Set<Promise<unknown>>();
  private timer: NodeJS.Timeout;

  constructor(
    private readonly audit: AuditLog,
    private readonly log: Logger,
    private readonly vensterMs = 60_000,
    private readonly maxSleutels = 10_000,
  ) {
    this.timer = setInterval(() => this.spoel(), vensterMs);
    this.timer.unref();
  }

  meld(w: Weigering): void {
    const nu = this.klok();
    let sleutel = `${w.actor ? `${w.actor.soort}:${w.actor.id}` : `ip:${w.ip}`}|${w.route}|${w.reden}`;
    if (!this.vensters.has(sleutel) && this.vensters.size >= this.maxSleutels) {
      this.spoel();
      // Still full (refusals from very many callers): count them per route and reason only.
      if (this.vensters.size >= this.maxSleutels) sleutel = `*|${w.route}|${w.reden}`;
    }
    const v = this.vensters.get(sleutel);
    if (v && nu < v.tot) {
      v.onderdrukt++;
      v.laatste = w;
      return;
    }
    if (v && v.onderdrukt > 0) this.schrijf(v.laatste, v.onderdrukt);
    this.vensters.set(sleutel, { tot: nu + this.vensterMs, onderdrukt: 0, laatste: w });
    this.schrijf(w, 1);
  }

  /** Writes the counts of the windows that have passed (all windows with `alles`) and forgets them. */
  spoel(alles = false): void {
    const nu = this.klok();
    for (const [k, v] of this.vensters) {
      if (!alles && nu < v.tot) continue;
      if (v.onderdrukt > 0) this.schrijf(v.laatste, v.onderdrukt);
      this.vensters.delete(k);
    }
  }

  /** Until every entry started so far is stored. */
  async wacht(): Promise<void> {
    while (this.bezig.size) await Promise.all([...this.bezig]);
  }

  async sluit(): Promise<void> {
    clearInterval(this.timer);
    this.spoel(true);
    await this.wacht();
  }

  private schrijf(w: Weigering, aantal: number) {
    const details = { status: w.status, reden: w.reden, aantal, ...(w.actor ? {} : { ip: w.ip }) };
    this.log.warn({ route: w.route, actor: w.actor, ...details }, 'request refused');
    const p = this.audit
      .schrijf({
        actor: w.actor ?? { organisatieId: null, soort: 'anoniem', id: null },
        actie: 'toegang.geweigerd',
        onderwerp: w.route,
        resultaat: 'geweigerd',
        details,
      })
      .catch((err: unknown) => this.log.warn({ melding: (err as Error).message }, 'could not audit a refused request'))
      .finally(() => this.bezig.delete(p));
    this.bezig.add(p);
  }
}

/** The refusal's reason: the `code` (or OAuth `error`) of the problem answer, else the status. */
function reden(payload: unknown, status: number): string {
  if (typeof payload === 'string' && payload.startsWith('{')) {
    try {
      const b = JSON.parse(payload) as { code?: unknown; error?: unknown };
      const r = b.code ?? b.error;
      if (typeof r === 'string' && /^[a-z0-9_.-]{1,60}$/i.test(r)) return r;
    } catch {
      // not JSON after all
    }
  }
  return `http-${status}`;
}

const routeVan = (req: FastifyRequest) => `${req.method} ${req.routeOptions.url ?? '(onbekende route)'}`;

/** Every 401/403 answer of the API is reported to `weigeringen` (register before the route plugins). */
export function registerWeigeringen(app: FastifyInstance, audit: AuditLog, log: Logger) {
  const w = new Weigeringen(audit, log);
  app.decorate('weigeringen', w);
  app.addHook('onSend', async (req, reply, payload) => {
    if (reply.statusCode === 401 || reply.statusCode === 403)
      w.meld({
        actor: req.identiteit?.actor ?? null,
        ip: req.ip,
        route: routeVan(req),
        status: reply.statusCode,
        reden: reden(payload, reply.statusCode),
      });
    return payload;
  });
  app.addHook('onClose', async () => w.sluit());
}
