import type { Context } from '../../context.ts';
import { AppError } from '../../shared/errors.ts';
import { SYSTEEM, type Actor } from '../audit/index.ts';
import { type BronRegel, PersonenSet, valideerVishRij } from '../verwijsindex/index.ts';
import { vindOrganisatie } from '../organisaties/index.ts';
import { bsnContext, bsnKluis } from './kluis.ts';
import * as store from './store.ts';

/** The feed runs at most once per this many hours per organisation (the job itself runs every hour). */
export const FEED_INTERVAL_UUR = 23;

export interface FeedResultaat {
  resultaat: 'geleverd' | 'leeg' | 'fout';
  aantal: number;
  overgeslagen: number;
  leveringId: string | null;
  melding?: string;
}

/**
 * Builds the organisation's full-replace VISH delivery from its trajectories and hands it to the normal
 * delivery machinery (same validation, pseudonymisation under the current key, atomic swap, index).
 * BSNs are decrypted one by one while the rows stream; none is kept or logged. Rows that could not pass
 * the delivery's validation (no usable contact) or repeat a person are left out and counted, so one bad
 * trajectory never blocks the whole delivery. No entries at all: the active delivery is withdrawn, so a
 * closed trajectory stops matching. `intrekkenToegestaan: false` (a run asked for by a person or system
 * over the API) refuses that withdrawal with 409 until it is confirmed (`bevestig: true`).
 */
export async function bouwVishFeed(
  ctx: Context,
  organisatieId: string,
  actor: Actor = SYSTEEM,
  { intrekkenToegestaan = true }: { intrekkenToegestaan?: boolean } = {},
): Promise<FeedResultaat> {
  const db = ctx.db.kysely;
  const org = await vindOrganisatie(db, organisatieId);
  if (!org) throw new Error(`Onbekende organisatie ${organisatieId}`);
  const f = await store.feed(db, organisatieId);
  const rijen = await store.voorVish(db, organisatieId, f?.regel ?? 'vanaf-toelating');
  const loket = f?.loket_naam ? { naam: f.loket_naam, telefoon: f.loket_telefoon, email: f.loket_email } : null;
  const kluis = bsnKluis(ctx.config);
  let aantal = 0;
  let overgeslagen = 0;
  const gezien = new PersonenSet();

  async function* regels(): AsyncGenerator<BronRegel> {
    let regel = 1;
    for (const r of rijen) {
      if (!r.bsn_versleuteld) continue;
      const bsn = kluis.ontsleutel(r.bsn_versleuteld, bsnContext(organisatieId));
      const c = loket ?? { naam: r.consulent_naam ?? '', telefoon: r.consulent_telefoon, email: r.consulent_email };
      const velden = {
        bsn,
        contactnaam: c.naam,
        telefoon: c.telefoon ?? undefined,
        email: c.email ?? undefined,
        fase: r.fase,
        startdatum: r.startdatum,
      };
      if (!valideerVishRij(0, velden).rij || !gezien.set(ctx.pseudo.pseudoniem(bsn), 0)) {
        overgeslagen++;
        continue;
      }
      aantal++;
      yield { regel: ++regel, velden };
    }
  }

  let uit: FeedResultaat;
  try {
    const probe = regels();
    const eerste = await probe.next();
    if (eerste.done) {
      const omgeving = await ctx.vishLevering.omgevingVan(organisatieId);
      const actief = await ctx.vishLevering.actieveLijst(organisatieId, omgeving);
      if (actief && !intrekkenToegestaan) throw bevestigingNodig(actief);
      if (actief) await ctx.vishLevering.trekIn(actor, organisatieId, omgeving, 'trajecten');
      uit = { resultaat: 'leeg', aantal: 0, overgeslagen, leveringId: null };
    } else {
      async function* alles() {
        yield eerste.value as BronRegel;
        yield* probe;
      }
      const bewijs = await ctx.vishLevering.lever(actor, org, 'trajecten', alles(), () => `trajecten:${aantal}`);
      uit = { resultaat: 'geleverd', aantal: bewijs.regelsGeaccepteerd, overgeslagen, leveringId: bewijs.leveringId };
    }
  } catch (err) {
    if (err instanceof AppError && err.code === BEVESTIGING_NODIG) throw err; // nothing happened: not a run
    const melding = err instanceof AppError ? err.publicMessage : 'De levering kon niet worden gemaakt.';
    uit = { resultaat: 'fout', aantal: 0, overgeslagen, leveringId: null, melding };
    ctx.log.error({ err, organisatieId }, 'VISH feed from trajectories failed');
  }
  await store.zetFeed(db, organisatieId, {
    laatste_run_op: new Date(),
    laatste_resultaat: uit.resultaat,
    laatste_aantal: uit.aantal,
    laatste_levering_id: uit.leveringId,
    laatste_melding:
      uit.melding ??
      (overgeslagen
        ? `${overgeslagen} ${overgeslagen === 1 ? 'traject' : 'trajecten'} overgeslagen: geen bruikbaar contact of dubbel`
        : null),
  });
  await ctx.audit.schrijf({
    actor,
    actie: 'traject.vish-feed',
    onderwerp: uit.leveringId ?? organisatieId,
    resultaat: uit.resultaat,
    details: { organisatieId, aantal: uit.aantal, overgeslagen },
  });
  return uit;
}

const BEVESTIGING_NODIG = 'bevestiging_nodig';
const bevestigingNodig = (actief: { id: string; aantal: number; bron: string }) =>
  new AppError(
    409,
    BEVESTIGING_NODIG,
    `Er staan geen trajecten klaar voor de Verwijsindex. Als u nu levert, wordt de actieve lijst van uw organisatie ingetrokken (${actief.aantal} personen, ${actief.bron === 'trajecten' ? 'gemaakt uit uw trajecten' : 'door uw organisatie aangeleverd'}). Deurwaarders vinden deze personen dan niet meer in de Verwijsindex. Wilt u dat? Stuur dan het verzoek opnieuw met "bevestig": true.`,
    { actieveLevering: { id: actief.id, aantal: actief.aantal, bron: actief.bron } },
  );

/** After a key rotation: pseudonyms made under an older key are made again from the encrypted copy. */
export async function vernieuwPseudoniemen(ctx: Context): Promise<number> {
  const kluis = bsnKluis(ctx.config);
  let n = 0;
  for (;;) {
    const rijen = await store.metAndereSleutel(ctx.db.kysely, ctx.pseudo.huidigeSleutel, 1000);
    for (const r of rijen) {
      if (!r.bsn_versleuteld) continue;
      const bsn = kluis.ontsleutel(r.bsn_versleuteld, bsnContext(r.organisatie_id));
      await store.zetPseudoniem(ctx.db.kysely, r.id, ctx.pseudo.pseudoniem(bsn), ctx.pseudo.huidigeSleutel);
    }
    n += rijen.length;
    if (rijen.length < 1000) return n;
  }
}

/** The scheduled job: pseudonyms under the current key, then every organisation whose feed is due. */
export async function bouwAlleFeeds(ctx: Context, nu = new Date()) {
  const herpseudonimiseerd = await vernieuwPseudoniemen(ctx);
  const orgs = await store.feedsTeDoen(ctx.db.kysely, new Date(nu.getTime() - FEED_INTERVAL_UUR * 3_600_000));
  const telling = { organisaties: orgs.length, geleverd: 0, leeg: 0, fout: 0, personen: 0, herpseudonimiseerd };
  for (const o of orgs) {
    const r = await bouwVishFeed(ctx, o.id);
    telling[r.resultaat]++;
    telling.personen += r.aantal;
  }
  return telling;
}
