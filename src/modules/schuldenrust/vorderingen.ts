import type { Context } from '../../context.ts';
import { eisBsn } from '../../shared/bsn.ts';
import { vandaag } from '../../shared/datum.ts';
import { AppError, invalidInput } from '../../shared/errors.ts';
import type { Actor } from '../audit/index.ts';
import { publiceer } from '../notificaties/index.ts';
import { openTrajectenVanPersoon } from '../trajecten/index.ts';
import { rustTekst, vishOmgeving } from '../verwijsindex/index.ts';
import * as store from './store.ts';

/**
 * Claims from bailiffs (issue 16, item 7). After a VISH match the bailiff sends the claim it holds to the helper
 * named in the match; it lands in the debt inventory of that helper's open trajectory for the person. The answer
 * reveals no more than the VISH check itself: which helper got it (named in the match) or "not found".
 */

/** One answer for every case without a target (no match, no open trajectory, helper not in the match). */
const geenTraject = () =>
  new AppError(
    404,
    'geen_traject',
    'Voor dit BSN is geen lopend schuldhulptraject gevonden bij een hulpverlener uit de Verwijsindex. Doe eerst een controle in de Verwijsindex.',
  );

export interface VorderingInvoer {
  bsn: string;
  hulpverlener?: string | null | undefined;
  schuldeiser: string;
  kenmerk: string;
  hoofdsom: number;
  kosten?: number | null | undefined;
}

export async function stuurVordering(
  ctx: Context,
  actor: Actor,
  deurwaarder: { organisatieId: string; testCredential?: boolean | undefined },
  v: VorderingInvoer,
  nu = new Date(),
) {
  // Production data only, as on the VISH check of a bailiff in its production step.
  const staat = await ctx.organisatieToegang.staat(deurwaarder.organisatieId);
  if (vishOmgeving(staat?.aansluitfase ?? 'intake', deurwaarder.testCredential === true) !== 'productie')
    throw new AppError(
      403,
      'aansluiting_niet_afgerond',
      'Uw organisatie is nog niet in productie aangesloten op de Verwijsindex. Vorderingen sturen kan pas daarna.',
    );
  // Each claim is a lookup by BSN: it shares the bailiff's VISH check budget (same bucket as /api/vish/controle),
  // so it cannot be used to check BSNs beyond that rate.
  const wacht = await ctx.tellers.emmer(
    `vish:${actor.soort}:${actor.id ?? deurwaarder.organisatieId}`,
    ctx.config.VISH_CONTROLE_PER_SECONDE,
    ctx.config.VISH_CONTROLE_PIEK,
  );
  if (wacht > 0)
    throw new AppError(
      429,
      'te_veel_verzoeken',
      'U stuurt te veel vorderingen of controles in korte tijd. Wacht even en probeer het dan opnieuw.',
    );
  const bsn = eisBsn(v.bsn);
  const p = ctx.pseudo.pseudoniem(bsn);
  const ref = ctx.pseudo.auditVerwijzingVan(p);
  // The helpers the VISH check names for this person, and their open trajectories.
  const genoemd = new Set(ctx.vishIndex.zoek(bsn, p, 'productie').map((t) => t.organisatie));
  const gewenst = v.hulpverlener?.trim() || null;
  const kandidaten = (await openTrajectenVanPersoon(ctx.db.kysely, p, ctx.pseudo.huidigeSleutel)).filter(
    (t) => genoemd.has(t.organisatieNaam) && (!gewenst || t.organisatieNaam === gewenst),
  );
  if (kandidaten.length === 0) {
    await ctx.audit.schrijf({ actor, actie: 'schuldenrust.vordering', onderwerp: ref, resultaat: 'niet-gevonden' });
    throw geenTraject();
  }
  if (new Set(kandidaten.map((t) => t.organisatieId)).size > 1)
    throw invalidInput(
      'Deze persoon heeft meer dan één hulpverlener. Vul bij "hulpverlener" de organisatie in die de controle noemt.',
    );
  const doel = kandidaten[0]!;
  const naam = await ctx.db.kysely
    .selectFrom('organisaties')
    .select('naam')
    .where('id', '=', deurwaarder.organisatieId)
    .executeTakeFirstOrThrow();
  const hoofdsom = Math.round(v.hoofdsom * 100) / 100;
  const kosten = Math.round((v.kosten ?? 0) * 100) / 100;
  const r = await ctx.db.kysely.transaction().execute(async (tx) => {
    const rij = await store.voegSchuldToe(tx, {
      traject_id: doel.id,
      organisatie_id: doel.organisatieId,
      schuldeiser_id: null,
      schuldeiser_naam: v.schuldeiser.trim(),
      // The Kennisgeving goes by letter to the creditor, care of the bailiff that holds the claim.
      schuldeiser_adres: `p/a gerechtsdeurwaarder ${naam.naam}`,
      kenmerk: v.kenmerk.trim(),
      bedrag: (hoofdsom * 100 + kosten * 100) / 100,
      hoofdsom,
      kosten,
      bron: 'deurwaarder',
      deurwaarder_id: deurwaarder.organisatieId,
    });
    await publiceer(
      tx,
      'schuldenrust.vordering',
      { trajectId: doel.id, organisatieId: doel.organisatieId, consulentId: doel.consulentGebruikerId },
      { nu },
    );
    return rij;
  });
  await ctx.audit.schrijf({
    actor,
    actie: 'schuldenrust.vordering',
    onderwerp: ref,
    resultaat: 'ok',
    details: { vordering: r.id, traject: doel.id },
  });
  return (await mijnVorderingen(ctx, actor, deurwaarder.organisatieId, nu, r.id)).vorderingen[0]!;
}

export type VorderingStatus = 'verstuurd' | 'gepauzeerd' | 'beeindigd';

/**
 * The bailiff's own claims and the pause state of each: sent (no Kennisgeving yet), paused until a date, or ended
 * (the pause or the trajectory ended). Nothing else of the trajectory.
 */
export async function mijnVorderingen(
  ctx: Context,
  actor: Actor,
  deurwaarderId: string,
  nu = new Date(),
  alleen?: string,
) {
  const dag = vandaag(nu);
  const rijen = await store.vorderingenVan(ctx.db.kysely, deurwaarderId, 1000, alleen);
  if (!alleen && rijen.length > 0)
    await ctx.audit.schrijfVeel(
      rijen.map((r) => ({ actor, actie: 'schuldenrust.vordering-lezen', onderwerp: r.id, resultaat: 'ok' })),
    );
  return {
    vorderingen: rijen.map((r) => {
      const gesloten = r.traject_einddatum !== null || r.geanonimiseerd_op !== null;
      let status: VorderingStatus = 'verstuurd';
      let tot: string | null = null;
      if (gesloten) status = 'beeindigd';
      else if (r.pauze_status) {
        const loopt = r.pauze_status === 'actief' && r.einddatum !== null && r.einddatum >= dag;
        status = loopt ? 'gepauzeerd' : 'beeindigd';
        tot = loopt ? r.einddatum : null;
      }
      return {
        id: r.id,
        hulpverlener: r.hulpverlener,
        schuldeiser: r.schuldeiser_naam ?? '',
        kenmerk: r.kenmerk,
        hoofdsom: r.hoofdsom === null ? null : Number(r.hoofdsom),
        kosten: r.kosten === null ? null : Number(r.kosten),
        verstuurdOp: r.aangemaakt_op,
        status,
        pauzeTot: tot,
        toelichting:
          status === 'gepauzeerd' && tot
            ? `Incasso opschorten: ${rustTekst(tot)}`
            : status === 'beeindigd'
              ? 'De schuldenrust voor deze vordering is beëindigd.'
              : 'Ontvangen door de hulpverlener; er is nog geen schuldenrust voor deze vordering.',
      };
    }),
  };
}
