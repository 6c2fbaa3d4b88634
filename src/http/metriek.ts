import { createServer, type Server } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Context } from '../context.ts';
import { achterstandSeconden } from '../modules/notificaties/index.ts';

/**
 * Prometheus metrics of one node (prom-client). One registry per context, so two nodes in one test process do
 * not mix. Labels carry route patterns and codes only, never a path with an identifier or personal data.
 */
export class Metriek {
  readonly registry = new Registry();
  readonly verzoeken: Counter<'methode' | 'route' | 'status'>;
  readonly duur: Histogram<'methode' | 'route'>;
  readonly jobs: Counter<'job' | 'resultaat'>;
  readonly jobDuur: Histogram<'job'>;

  constructor(ctx: Context) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'schuldenrust_' });
    this.verzoeken = new Counter({
      name: 'schuldenrust_http_verzoeken_totaal',
      help: 'HTTP requests by method, route pattern and status code',
      labelNames: ['methode', 'route', 'status'],
      registers,
    });
    this.duur = new Histogram({
      name: 'schuldenrust_http_duur_seconden',
      help: 'HTTP request latency by method and route pattern (VISH deliveries, signal uploads and checks included)',
      labelNames: ['methode', 'route'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
      registers,
    });
    this.jobs = new Counter({
      name: 'schuldenrust_job_runs_totaal',
      help: 'Scheduled job runs on this node by job and result (uitgevoerd, fout, bezet, al-gedraaid)',
      labelNames: ['job', 'resultaat'],
      registers,
    });
    this.jobDuur = new Histogram({
      name: 'schuldenrust_job_duur_seconden',
      help: 'Duration of scheduled job runs on this node',
      labelNames: ['job'],
      buckets: [0.01, 0.1, 1, 10, 60, 300, 1800],
      registers,
    });
    new Gauge({
      name: 'schuldenrust_vish_index_personen',
      help: 'Persons in this node’s in-memory VISH index',
      registers,
      collect() {
        this.set(ctx.vishIndex.omvang());
      },
    });
    new Gauge({
      name: 'schuldenrust_vish_index_leveringen',
      help: 'Active VISH deliveries held in this node’s index',
      registers,
      collect() {
        this.set(ctx.vishIndex.leveringen().length);
      },
    });
    new Gauge({
      name: 'schuldenrust_vish_index_leeftijd_seconden',
      help: 'Seconds since this node’s VISH index was last brought in line with the database',
      registers,
      collect() {
        this.set((Date.now() - ctx.indexVolger.bijgewerktOp) / 1000);
      },
    });
    new Gauge({
      name: 'schuldenrust_outbox_achterstand_seconden',
      help: 'Seconds the oldest due notification task has waited (0 when the outbox is empty)',
      registers,
      async collect() {
        this.set(await achterstandSeconden(ctx.db.kysely).catch(() => -1));
      },
    });
    new Gauge({
      name: 'schuldenrust_db_pool_verbindingen',
      help: 'Database pool connections by state (PostgreSQL)',
      labelNames: ['staat'],
      registers,
      collect() {
        const p = ctx.db.poolStand();
        if (!p) return;
        this.set({ staat: 'totaal' }, p.totaal);
        this.set({ staat: 'vrij' }, p.vrij);
        this.set({ staat: 'wachtend' }, p.wachtend);
      },
    });
  }

  /** Counts and times every request by its route pattern (unknown URLs as one label, so labels stay bounded). */
  registreer(app: FastifyInstance) {
    app.addHook('onResponse', async (req, reply) => {
      const route = req.routeOptions.url ?? 'onbekend';
      const labels = { methode: req.method, route };
      this.verzoeken.inc({ ...labels, status: String(reply.statusCode) });
      this.duur.observe(labels, reply.elapsedTime / 1000);
    });
  }

  /** Records one scheduled job run. */
  async meetJob<T extends string>(job: string, werk: () => Promise<T>): Promise<T> {
    const eind = this.jobDuur.startTimer({ job });
    try {
      const uitkomst = await werk();
      this.jobs.inc({ job, resultaat: uitkomst });
      if (uitkomst === 'uitgevoerd') eind();
      return uitkomst;
    } catch (err) {
      this.jobs.inc({ job, resultaat: 'fout' });
      throw err;
    }
  }
}

/**
 * Serves GET /metrics on a port of its own (METRIEK_PORT), apart from the public API, so the metrics never pass
 * the application's authentication and a firewall can keep the port internal.
 */
export async function startMetriekServer(metriek: Metriek, host: string, port: number): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    metriek.registry
      .metrics()
      .then((tekst) => res.writeHead(200, { 'content-type': metriek.registry.contentType }).end(tekst))
      .catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  return server;
}
