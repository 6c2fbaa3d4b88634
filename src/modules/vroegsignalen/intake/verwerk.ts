import { createHash } from 'node:crypto';
import type { Context } from '../../../context.ts';
import { AppError, invalidInput } from '../../../shared/errors.ts';
import { vandaag } from '../../../shared/datum.ts';
import { type Actor, TransactieAudit } from '../../audit/index.ts';
import { geldigeMandaten, partnerProfiel, type PartnerProfiel } from '../../partners/index.ts';
import { koppelNieuweSignalen } from '../../signaalzaken/index.ts';
import type { CsvRegel } from '../../../shared/csv-bron.ts';
import * as store from '../store.ts';
import { leesApi, leesBestand } from './lezen.ts';
import { maakOpslag } from './opslaan.ts';
import { meldOntvangst } from '../meldingen.ts';
import { Afwijzingen, herhaal, maakRapport, type Rapport } from './rapport.ts';
import { maakRoutering } from './routeren.ts';
import { type Geldig, MVI_STAPPEN, type MviStap, valideer } from './valideren.ts';

/**
 * The one intake pipeline for early signals (CSV / xlsx upload, SFTP file, REST API), in named stages:
 * read (lezen.ts) -> validate (valideren.ts) -> route (routeren.ts) -> store (opslaan.ts) -> report (rapport.ts).
 * Valid rows are stored even when other rows fail (unlike VISH); an unknown column refuses the whole file before anything
 * is stored; a whole-file error further on (size or row limit, encoding, quotes) rolls everything back.
 */

export interface IntakeMeta {
  bron: 'upload' | 'api' | 'sftp';
  bestandsnaam: string | null;
  idempotentie?: { sleutel: string; hash: string };
  nu?: Date;
  /** Told of every accepted row (line number, municipality), e.g. for the SFTP result file. */
  perRegel?: (regel: number, gemeentecode: string) => void;
  /** The MVI steps the partner attested for the whole file (recorded with the delivery). */
  mvi?: MviStap[];
}

/** A small landlord's file is refused unless the four MVI steps are attested for it (LCV art. 2.1). */
export function controleerMviVerklaring(p: PartnerProfiel, mvi: readonly MviStap[] | undefined) {
  if (!p.ad_hoc) return;
  const mist = (Object.keys(MVI_STAPPEN) as MviStap[]).filter((k) => !mvi?.includes(k));
  if (mist.length === 0) return;
  throw new AppError(
    400,
    'mvi_verklaring_ontbreekt',
    `Verklaar eerst dat u voor alle signalen in dit bestand de stappen van maatschappelijk verantwoord incasseren hebt gezet. Ontbreekt: ${mist.map((k) => MVI_STAPPEN[k]).join(', ')}. Er is niets opgeslagen.`,
  );
}

/** A signal file (CSV or xlsx, detected by content) from upload or SFTP: the report per row. */
export async function verwerkSignaalbestand(
  ctx: Context,
  actor: Actor,
  partnerId: string,
  bytes: AsyncIterable<Buffer | Uint8Array>,
  bestandsnaam: string | null,
  opties: {
    bron?: 'upload' | 'sftp';
    nu?: Date;
    perRegel?: IntakeMeta['perRegel'];
    idempotentie?: IntakeMeta['idempotentie'];
    mvi?: MviStap[];
  } = {},
): Promise<Rapport> {
  const p = await partnerProfiel(ctx.db.kysely, partnerId);
  controleerMviVerklaring(p, opties.mvi);
  return verwerk(ctx, actor, p, await leesBestand(ctx, p, bytes), {
    ...(opties.mvi ? { mvi: opties.mvi } : {}),
    bron: opties.bron ?? 'upload',
    bestandsnaam,
    ...(opties.nu ? { nu: opties.nu } : {}),
    ...(opties.perRegel ? { perRegel: opties.perRegel } : {}),
    ...(opties.idempotentie ? { idempotentie: opties.idempotentie } : {}),
  });
}

/** Signals from the REST API (already mapped to column keys), with an idempotency key. */
export async function verwerkApiSignalen(
  ctx: Context,
  actor: Actor,
  partnerId: string,
  signalen: Record<string, string | undefined>[],
  sleutel: string,
  nu?: Date,
): Promise<{ rapport: Rapport; herhaald: boolean }> {
  const p = await partnerProfiel(ctx.db.kysely, partnerId);
  const hash = createHash('sha256').update(JSON.stringify(signalen)).digest('hex');
  const eerder = await store.leveringMetSleutel(ctx.db.kysely, partnerId, sleutel);
  if (eerder) return { rapport: herhaal(eerder, hash), herhaald: true };
  try {
    const meta = { bron: 'api' as const, bestandsnaam: null, idempotentie: { sleutel, hash }, ...(nu ? { nu } : {}) };
    return { rapport: await verwerk(ctx, actor, p, leesApi(signalen), meta), herhaald: false };
  } catch (e) {
    // Same key sent twice at once: the loser of the unique index gets the winner's answer.
    if ((e as { code?: string }).code === '23505') {
      const winnaar = await store.leveringMetSleutel(ctx.db.kysely, partnerId, sleutel);
      if (winnaar) return { rapport: herhaal(winnaar, hash), herhaald: true };
    }
    throw e;
  }
}

/**
 * PostgreSQL: each block is stored while the next one is read and checked, all in one transaction. PGlite is one session
 * for the whole platform: there the file is read and checked completely before the transaction, so a slow upload never
 * holds the database. Returns the blocks read ahead and the rest to read inside the transaction (PostgreSQL).
 */
async function leesVooruit(blokken: AsyncGenerator<Geldig[]>, stromend: boolean) {
  const vooraf: Geldig[][] = [];
  try {
    for (let r = await blokken.next(); !r.done; r = await blokken.next()) {
      vooraf.push(r.value);
      if (stromend) break;
    }
  } catch (e) {
    await blokken.return(undefined).catch(() => undefined);
    throw e;
  }
  return { vooraf, rest: stromend && vooraf.length > 0 ? blokken : null };
}

async function verwerk(
  ctx: Context,
  actor: Actor,
  p: PartnerProfiel,
  bron: AsyncIterable<CsvRegel>,
  meta: IntakeMeta,
): Promise<Rapport> {
  const db = ctx.db.kysely;
  const nu = meta.nu ?? new Date();
  const dag = vandaag(meta.nu);
  const stromend = ctx.db.kind === 'postgres';
  const afwijzingen = new Afwijzingen();
  const telling = { regels: 0 };

  const mandaten = p.rol === 'vastgoedmanager' ? await geldigeMandaten(db, p.organisatie_id, dag) : new Map();
  const { vooraf, rest } = await leesVooruit(
    valideer(bron, p, { dag, mandaten, afwijzingen, telling, mviBestand: !!meta.mvi?.length }),
    stromend,
  );
  if (telling.regels === 0)
    throw invalidInput('Het bestand bevat geen signalen: alleen de kopregel. Er is niets opgeslagen.');

  const audit = await TransactieAudit.start(ctx.db, ctx.audit);
  let uit: { rapport: Rapport; losGebleven: boolean };
  try {
    uit = await db.transaction().execute(async (tx) => {
      const levering = await store.startLevering(tx, {
        partner_id: p.organisatie_id,
        bron: meta.bron,
        bestandsnaam: meta.bestandsnaam?.slice(0, 255) ?? null,
        idempotentie_sleutel: meta.idempotentie?.sleutel ?? null,
        verzoek_hash: meta.idempotentie?.hash ?? null,
        mvi_verklaring: meta.mvi?.length
          ? JSON.stringify({ stappen: meta.mvi, verklaardOp: nu.toISOString(), door: actor.id })
          : null,
      });
      // Reference data is read outside the transaction on PostgreSQL (in parallel with the inserts); PGlite has one session.
      const routering = await maakRoutering({
        lees: stromend ? db : tx,
        tx,
        p,
        dag,
        afwijzingen,
        perRegel: meta.perRegel,
      });
      const opslag = maakOpslag(
        ctx,
        tx,
        { partnerId: p.organisatie_id, leveringId: levering.id, ontvangenOp: new Date(levering.ontvangen_op), nu },
        { actor, audit, pijplijn: stromend },
      );
      try {
        for (const blok of vooraf) await opslag.bewaar(await routering.routeerBlok(blok));
        if (rest)
          for (let r = await rest.next(); !r.done; r = await rest.next())
            await opslag.bewaar(await routering.routeerBlok(r.value));
      } catch (e) {
        // Close the reader (and with it the upload stream) once the statement in flight is done.
        await opslag.stop();
        await audit.wacht();
        await rest?.return(undefined).catch(() => undefined);
        throw e;
      }
      const opgeslagen = await opslag.klaar();

      const rapport = maakRapport(
        { ...levering, bron: meta.bron, bestandsnaam: meta.bestandsnaam },
        telling.regels,
        opgeslagen,
        routering.gemeentenaam,
        afwijzingen,
      );
      await store.bewaarRapport(tx, levering.id, rapport);
      await meldOntvangst(tx, { partnerId: p.organisatie_id, rapport, opgeslagen, dag });
      audit.schrijf(
        [
          {
            actor,
            actie: 'vroegsignaal.levering',
            onderwerp: levering.id,
            resultaat: 'ok',
            details: {
              bron: meta.bron,
              regels: telling.regels,
              geaccepteerd: rapport.geaccepteerd,
              afgewezen: rapport.afgewezenAantal,
            },
          },
        ],
        tx,
      );
      await audit.klaar();
      return { rapport, losGebleven: opgeslagen.some((s) => s.ingevoegd && s.zaak_id === null) };
    });
    await audit.bevestig();
  } catch (e) {
    await audit.verwerp();
    throw e;
  }

  // Rarely a new signal is left without a case (a concurrent upload made its household's case meanwhile): link it now.
  // On failure the scheduled job retries.
  if (uit.losGebleven) {
    await koppelNieuweSignalen(db, nu, ctx.audit).catch((err: unknown) =>
      ctx.log.error({ err }, 'linking signals to cases failed'),
    );
  }
  return uit.rapport;
}
