import type { Context } from '../../context.ts';
import { plusMaanden, vandaag } from '../../shared/datum.ts';
import { SYSTEEM } from '../audit/index.ts';
import { zonderPersoonsgegevens, type DdasDelen } from './ddas.ts';
import * as store from './store.ts';

/**
 * The last closure date whose retention has ended on `nu`: a trajectory closed on 2021-03-15 with a
 * 5-year period is kept through 2026-03-14 and anonymised from 2026-03-15 on (the anniversary).
 */
export function bewaarGrenzen(nu: Date, jaren: number, jarenOndernemer: number) {
  const dag = vandaag(nu);
  return { grens: plusMaanden(dag, -12 * jaren), grensOndernemer: plusMaanden(dag, -12 * jarenOndernemer) };
}

/**
 * Retention of debt-help files (seed 003: 5 years after closure, 7 for an entrepreneur; the periods are
 * TRAJECT_BEWAARTERMIJN_JAREN and TRAJECT_BEWAARTERMIJN_ONDERNEMER_JAREN). The personal data (BSN
 * pseudonym and ciphertext, name, address, case number, counsellor, creditors, free text) is destroyed;
 * phases, dates, municipality and exit reason stay, anonymous, for the national statistics (DDAS).
 * Runs in slices of 5,000 until nothing is due; each trajectory is audited.
 */
export async function pasBewaartermijnToe(ctx: Context, nu = new Date()): Promise<{ geanonimiseerd: number }> {
  const { grens, grensOndernemer } = bewaarGrenzen(
    nu,
    ctx.config.TRAJECT_BEWAARTERMIJN_JAREN,
    ctx.config.TRAJECT_BEWAARTERMIJN_ONDERNEMER_JAREN,
  );
  let geanonimiseerd = 0;
  for (;;) {
    const rijen = await store.teAnonimiseren(ctx.db.kysely, grens, grensOndernemer);
    if (rijen.length === 0) break;
    for (const r of rijen) {
      await store.anonimiseer(ctx.db.kysely, r.id, JSON.stringify(zonderPersoonsgegevens(r.ddas as DdasDelen)));
    }
    await ctx.audit.schrijfVeel(
      rijen.map((r) => ({
        actor: SYSTEEM,
        actie: 'traject.bewaartermijn',
        onderwerp: r.id,
        resultaat: 'geanonimiseerd',
        details: { organisatieId: r.organisatie_id },
      })),
    );
    geanonimiseerd += rijen.length;
  }
  return { geanonimiseerd };
}
