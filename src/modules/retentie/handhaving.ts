import { sql } from 'kysely';
import { maandenTerug } from '../../shared/datum.ts';
import { signaalGrens } from './termijnen.ts';
import type { Context } from '../../context.ts';
import { SYSTEEM } from '../audit/audit.ts';
import { legKopVast, verwijderOudeAudit } from '../audit/store.ts';
import { verloopVish } from '../verwijsindex/onderhoud.ts';
import { pasBewaartermijnToe } from '../trajecten/bewaartermijn.ts';

const DAG = 86_400_000;

/**
 * Enforces every retention period of termijnen.ts once, at `nu`. Returns counts per kind; the job
 * `bewaartermijnen` records them in job_runs and the audit log.
 */
export async function handhaafBewaartermijnen(ctx: Context, nu = new Date()) {
  const db = ctx.db.kysely;
  const c = ctx.config;
  const tellingen: Record<string, unknown> = {};

  tellingen.vish = await verloopVish(ctx.db, ctx.vishIndex, nu);

  const nietOpgepakt = await db
    .deleteFrom('vroegsignalen')
    .where('status', 'in', ['nieuw', 'niet-oppakken', 'intrekking-gevraagd'])
    .where('laatste_melding_op', '<', signaalGrens(c, nu))
    .executeTakeFirst();
  tellingen.vroegsignalen = Number(nietOpgepakt.numDeletedRows);
  // Signals of a closed case are part of the file as much as those still being worked.
  const inBehandeling = await db
    .deleteFrom('vroegsignalen')
    .where('status', 'in', ['in-behandeling', 'afgehandeld'])
    .where('laatste_melding_op', '<', maandenTerug(nu, 12 * c.TRAJECT_BEWAARTERMIJN_JAREN))
    .executeTakeFirst();
  tellingen['vroegsignalen-in-behandeling'] = Number(inBehandeling.numDeletedRows);
  // A case lives as long as its signals: without them it would keep only an address (history and attempts cascade).
  const zaken = await db
    .deleteFrom('vroegsignaalzaken as z')
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('vroegsignalen as s').select('s.id').whereRef('s.zaak_id', '=', 'z.id'))),
    )
    .executeTakeFirst();
  tellingen.vroegsignaalzaken = Number(zaken.numDeletedRows);
  const leveringen = await db
    .deleteFrom('vroegsignaal_leveringen as l')
    .where('l.ontvangen_op', '<', maandenTerug(nu, c.SIGNAAL_BEWAARTERMIJN_MAANDEN))
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('vroegsignalen as s').select('s.id').whereRef('s.levering_id', '=', 'l.id'))),
    )
    .executeTakeFirst();
  tellingen['vroegsignaal-leveringen'] = Number(leveringen.numDeletedRows);

  tellingen.trajecten = (await pasBewaartermijnToe(ctx, nu)).geanonimiseerd;

  const sessies = await db
    .deleteFrom('sessies')
    .where(
      sql<boolean>`coalesce(least(ingetrokken_op, verloopt_op), verloopt_op) < ${new Date(nu.getTime() - c.SESSIE_BEWAARTERMIJN_DAGEN * DAG)}`,
    )
    .executeTakeFirst();
  tellingen.sessies = Number(sessies.numDeletedRows);

  const runs = await db
    .deleteFrom('job_runs')
    .where('gestart_op', '<', new Date(nu.getTime() - c.JOBRUN_BEWAARTERMIJN_DAGEN * DAG))
    .executeTakeFirst();
  tellingen['job-runs'] = Number(runs.numDeletedRows);

  // Audit last: seal what callers' transactions committed, cut the old start, anchor the head.
  await ctx.audit.verzegel();
  tellingen.audit = await verwijderOudeAudit(db, maandenTerug(nu, c.AUDIT_BEWAARTERMIJN_MAANDEN));
  await ctx.audit.schrijf({ actor: SYSTEEM, actie: 'bewaartermijnen.uitgevoerd', resultaat: 'ok', details: tellingen });
  tellingen.auditKop = await legKopVast(db);
  return tellingen;
}
