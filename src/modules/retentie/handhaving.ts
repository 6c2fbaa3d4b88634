import type { Context } from '../../context.ts';
import { legKopVast, SYSTEEM, verwijderOudeAudit } from '../audit/index.ts';
import { grenzen } from './termijnen.ts';

/**
 * Each module removes its own data (its face offers the purge); retention says until when (termijnen.ts) and in which
 * order. Handed in by the composition root (src/jobs/scheduler.ts), so retention needs no module that needs it.
 */
export interface Opruimers {
  /** VISH: deliveries past their 7 days, unfinished and replaced ones (verwijsindex). */
  vish(nu: Date): Promise<unknown>;
  /** Signals and their cases (signaalzaken). */
  signalen(g: { nietOpgepakt: Date; inBehandeling: Date }): Promise<Record<string, number>>;
  /** Reports of signal deliveries (vroegsignalen). */
  leveringen(grens: Date): Promise<number>;
  /** Debt-help trajectories are anonymised (trajecten; its periods per closure date are its own). */
  trajecten(nu: Date): Promise<number>;
  /** Pauzeknop registrations (like the signal cases), resident sessions and unfinished logins (pauzeknop). */
  pauzeknop(g: { nietOpgepakt: Date; inBehandeling: Date; sessies: Date }): Promise<Record<string, number>>;
  /** Debts, Kennisgevingen and pause history of anonymised trajectories (schuldenrust; follows the trajectory). */
  schuldenrust(): Promise<number>;
  /** Ended sessions (accounts). */
  sessies(grens: Date): Promise<number>;
  /** Job runs (the scheduler's own table). */
  jobRuns(grens: Date): Promise<number>;
}

/**
 * Enforces every retention period of termijnen.ts once, at `nu`. Returns counts per kind; the job
 * `bewaartermijnen` records them in job_runs and the audit log.
 */
export async function handhaafBewaartermijnen(ctx: Context, opruimers: Opruimers, nu = new Date()) {
  const g = grenzen(ctx.config, nu);
  const tellingen: Record<string, unknown> = {};
  tellingen.vish = await opruimers.vish(nu);
  Object.assign(tellingen, await opruimers.signalen(g.signalen));
  tellingen['vroegsignaal-leveringen'] = await opruimers.leveringen(g.leveringen);
  tellingen.trajecten = await opruimers.trajecten(nu);
  Object.assign(tellingen, await opruimers.pauzeknop({ ...g.signalen, sessies: g.sessies }));
  tellingen.schuldenrust = await opruimers.schuldenrust();
  tellingen.sessies = await opruimers.sessies(g.sessies);
  tellingen['job-runs'] = await opruimers.jobRuns(g.jobRuns);

  // Audit last: seal what callers' transactions committed, cut the old start, anchor the head.
  await ctx.audit.verzegel();
  tellingen.audit = await verwijderOudeAudit(ctx.db.kysely, g.audit);
  await ctx.audit.schrijf({ actor: SYSTEEM, actie: 'bewaartermijnen.uitgevoerd', resultaat: 'ok', details: tellingen });
  tellingen.auditKop = await legKopVast(ctx.db.kysely);
  return tellingen;
}
