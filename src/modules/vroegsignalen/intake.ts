/**
 * The one intake pipeline for early signals: CSV / xlsx upload, SFTP file, REST API. Valid rows are stored
 * even when other rows fail (unlike VISH); an unknown column refuses the whole file before anything is stored.
 */
import { createHash } from 'node:crypto';
import type { Context } from '../../context.ts';
import { leesCsv, type CsvOpties, type CsvRegel } from '../../shared/csv-bron.ts';
import { AppError, invalidInput } from '../../shared/errors.ts';
import { plusMaanden, vandaag } from '../../shared/datum.ts';
import type { Actor, AuditEntry } from '../audit/audit.ts';
import { gemeentenMetCodes, maakRouter } from '../gemeenten/gemeenten.ts';
import { adresSleutel } from '../gemeenten/postcode.ts';
import { bezwaarToets } from '../bezwaren/index.ts';
import { opdrachtgeverSleutel, partnerProfiel, type PartnerProfiel } from '../partners/partners.ts';
import * as partnerStore from '../partners/store.ts';
import * as store from './store.ts';
import { koppelNieuweSignalen, neemSignalenOp, type NieuwSignaal, type Opgenomen } from '../signaalzaken/index.ts';
import { isZip, kijkVooruit, leesXlsx } from './xlsx.ts';
import { SIGNAAL_KOLOMMEN, SIGNAAL_VERPLICHT, valideerSignaalRij, type SignaalRij } from './validatie.ts';

const MAX_AFGEWEZEN_IN_RAPPORT = 10_000;
/** Valid rows per block (routing, objections, one upsert) and audit entries per statement: memory stays bounded. */
const BLOK = 5000;
const AUDIT_BLOK = 5000;

export const REDEN_DOET_NIET_MEE = 'Gemeente doet niet mee aan vroegsignalering';
export const REDEN_GEEN_CONVENANT = 'Geen ondertekende, geldige overeenkomst met deze gemeente';
export const REDEN_GEEN_MANDAAT = 'Geen (geldig) mandaat van deze opdrachtgever';
export const REDEN_DUBBEL = 'Dit adres staat al eerder in dit bestand voor dezelfde sector';

export interface Rapport {
  leveringId: string;
  bron: 'upload' | 'api' | 'sftp';
  bestandsnaam: string | null;
  ontvangenOp: string;
  regels: number;
  geaccepteerd: number;
  nieuw: number;
  herhaling: number;
  perGemeente: { gemeentecode: string; gemeentenaam: string; nieuw: number; herhaling: number }[];
  afgewezenAantal: number;
  afgewezen: { regel: number; reden: string; klantnummer?: string }[];
}

export interface IntakeMeta {
  bron: 'upload' | 'api' | 'sftp';
  bestandsnaam: string | null;
  idempotentie?: { sleutel: string; hash: string };
  nu?: Date;
  /** Told of every accepted row (line number, municipality), e.g. for the SFTP result file. */
  perRegel?: (regel: number, gemeentecode: string) => void;
}

/** Column rules for a partner: Sector is required when it has more than one, Opdrachtgever for a property manager. */
export function kolomOpties(p: PartnerProfiel, grenzen: { maxBytes: number; maxRows: number }): CsvOpties {
  return {
    ...grenzen,
    kolommen: SIGNAAL_KOLOMMEN,
    verplicht: SIGNAAL_VERPLICHT,
    onbekendeKolom: 'weigeren',
    opHeader: (keys) => {
      if (p.sectoren.length > 1 && !keys.includes('sector')) {
        throw invalidInput(`De kolom 'Sector' is verplicht: uw organisatie levert voor ${p.sectoren.join(', ')}.`);
      }
      if (p.rol === 'vastgoedmanager' && !keys.includes('opdrachtgever')) {
        throw invalidInput("De kolom 'Opdrachtgever' is verplicht voor een vastgoedmanager.");
      }
    },
  };
}

/**
 * A signal file (CSV or xlsx, detected by content) from upload or SFTP: validate, route by postcode,
 * store valid rows, return the report. For an SFTP poller too.
 */
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
  } = {},
): Promise<Rapport> {
  const p = await partnerProfiel(ctx.db.kysely, partnerId);
  const { begin, bron } = await kijkVooruit(bytes);
  const opties_ = kolomOpties(p, { maxBytes: ctx.config.SIGNAAL_MAX_BYTES, maxRows: ctx.config.SIGNAAL_MAX_REGELS });
  const regels = isZip(begin) ? leesXlsx(bron, opties_) : leesCsv(bron, opties_);
  return verwerk(ctx, actor, p, regels, {
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
  // Sector and Opdrachtgever are checked per signal (validatie).
  async function* regels(): AsyncGenerator<CsvRegel> {
    let i = 0;
    for (const s of signalen)
      yield {
        regel: ++i,
        velden: Object.fromEntries(Object.entries(s).filter(([, v]) => v !== undefined)) as Record<string, string>,
      };
  }
  try {
    return {
      rapport: await verwerk(ctx, actor, p, regels(), {
        bron: 'api',
        bestandsnaam: null,
        idempotentie: { sleutel, hash },
        ...(nu ? { nu } : {}),
      }),
      herhaald: false,
    };
  } catch (e) {
    // Same key sent twice at once: the loser of the unique index gets the winner's answer.
    if ((e as { code?: string }).code === '23505') {
      const winnaar = await store.leveringMetSleutel(ctx.db.kysely, partnerId, sleutel);
      if (winnaar) return { rapport: herhaal(winnaar, hash), herhaald: true };
    }
    throw e;
  }
}

function herhaal(l: { verzoek_hash: string | null; rapport: unknown }, hash: string): Rapport {
  if (l.verzoek_hash !== hash) {
    throw new AppError(
      422,
      'idempotentie_conflict',
      'Deze Idempotency-Key is al gebruikt voor een ander verzoek. Gebruik een nieuwe sleutel.',
    );
  }
  return (typeof l.rapport === 'string' ? JSON.parse(l.rapport) : l.rapport) as Rapport;
}

async function verwerk(
  ctx: Context,
  actor: Actor,
  p: PartnerProfiel,
  bron: AsyncIterable<CsvRegel>,
  meta: IntakeMeta,
): Promise<Rapport> {
  const db = ctx.db.kysely;
  const dag = vandaag(meta.nu);
  const partnerId = p.organisatie_id;
  const vgm = p.rol === 'vastgoedmanager';
  const afgewezen: { regel: number; reden: string; klantnummer?: string }[] = [];
  const wijs = (r: { regel: number; klantnummer?: string | null | undefined }, reden: string) =>
    afgewezen.push({ regel: r.regel, reden, ...(r.klantnummer ? { klantnummer: r.klantnummer } : {}) });

  // Mandates are loaded once; a property manager's row must name an investor with a current mandate.
  const mandaten = new Map<string, string>();
  if (vgm) {
    for (const o of await partnerStore.opdrachtgevers(db, partnerId))
      if (!o.mandaat_tot || o.mandaat_tot >= dag) mandaten.set(o.sleutel, o.id);
  }

  // 1. Read and check the rows, in blocks (an unknown column throws at the first block, before anything is stored).
  type Geldig = { rij: SignaalRij; adres: string; opdrachtgeverId: string | null };
  const gezien = new Set<string>();
  let totaal = 0;
  async function* blokken(): AsyncGenerator<Geldig[]> {
    let blok: Geldig[] = [];
    for await (const r of bron) {
      totaal++;
      const klantnummer = r.velden.klantnummer?.trim() || undefined;
      if (r.fout) {
        wijs({ regel: r.regel, klantnummer }, r.fout);
        continue;
      }
      const v = valideerSignaalRij(r.regel, r.velden, { sectoren: p.sectoren, vastgoedmanager: vgm }, dag);
      if ('redenen' in v) {
        wijs({ regel: r.regel, klantnummer }, v.redenen.join('; '));
        continue;
      }
      const rij = v.rij;
      let opdrachtgeverId: string | null = null;
      if (vgm) {
        opdrachtgeverId = mandaten.get(opdrachtgeverSleutel(rij.opdrachtgever ?? '')) ?? null;
        if (!opdrachtgeverId) {
          wijs(rij, REDEN_GEEN_MANDAAT);
          continue;
        }
      }
      const adres = adresSleutel(rij.postcode, rij.huisnummer, rij.toevoeging);
      if (gezien.has(`${adres}|${rij.sector}`)) {
        wijs(rij, REDEN_DUBBEL);
        continue;
      }
      gezien.add(`${adres}|${rij.sector}`);
      blok.push({ rij, adres, opdrachtgeverId });
      if (blok.length >= BLOK) {
        yield blok;
        blok = [];
      }
    }
    if (blok.length > 0) yield blok;
  }

  // PostgreSQL: each block is stored while the next one is read and checked, all in one transaction, so a
  // whole-file error further on (size or row limit, encoding, quotes) rolls everything back. PGlite is one
  // session for the whole platform: there the file is read and checked completely before the transaction,
  // so a slow upload never holds the database.
  const stromend = ctx.db.kind === 'postgres';
  const it = blokken();
  const vooraf: Geldig[][] = [];
  let rest: AsyncGenerator<Geldig[]> | null = it;
  try {
    for (let r = await it.next(); !r.done; r = await it.next()) {
      vooraf.push(r.value);
      if (stromend) break;
    }
  } catch (e) {
    await it.return(undefined).catch(() => undefined);
    throw e;
  }
  if (!stromend || vooraf.length === 0) rest = null;
  if (totaal === 0) throw invalidInput('Het bestand bevat geen signalen: alleen de kopregel. Er is niets opgeslagen.');

  // Audit entries (one per stored signal: record id, never a name). On PostgreSQL they are written while the
  // signals are, on a second connection in a transaction that is committed right after the upload's own.
  const auditTx = stromend ? await db.startTransaction().execute() : null;
  let ontvangen: { rapport: Rapport; opgeslagen: Opgenomen[] };
  try {
    ontvangen = await db.transaction().execute(async (tx) => {
      // Reference data is read outside the transaction on PostgreSQL (in parallel with the inserts); PGlite has one session.
      const lees = stromend ? db : tx;
      const levering = await store.startLevering(tx, {
        partner_id: partnerId,
        bron: meta.bron,
        bestandsnaam: meta.bestandsnaam?.slice(0, 255) ?? null,
        idempotentie_sleutel: meta.idempotentie?.sleutel ?? null,
        verzoek_hash: meta.idempotentie?.hash ?? null,
      });
      const blok = {
        partnerId,
        leveringId: levering.id,
        ontvangenOp: new Date(levering.ontvangen_op),
        nu: meta.nu ?? new Date(),
      };

      // 2. Route by postcode (PC4 table in memory), then check participation and the agreement (cached per municipality).
      const routeer = await maakRouter(lees);
      const gemeenten = new Map<string, { gemeentecode: string; naam: string; doet_mee_vroegsignalering: boolean }>();
      const convenanten = new Map<string, { id: string; status: string; einddatum: string | null }>();
      const bekend = new Set<string>();
      const eindDatum = plusMaanden(dag, 12);
      const leerKennen = async (codes: string[]) => {
        const nieuw = codes.filter((c) => !bekend.has(c));
        if (nieuw.length === 0) return;
        for (const c of nieuw) bekend.add(c);
        for (const g of await gemeentenMetCodes(lees, nieuw)) gemeenten.set(g.gemeentecode, g);
        if (p.ad_hoc) {
          // A small landlord accepts the agreement online at its first report for a municipality.
          for (const c of nieuw) {
            if (gemeenten.get(c)?.doet_mee_vroegsignalering)
              await partnerStore.maakAdHocConvenant(tx, partnerId, c, {
                datum: dag,
                einddatum: eindDatum,
                door: p.tekenbevoegde_naam,
              });
          }
        }
        for (const c of await partnerStore.convenantenVoor(tx, partnerId, nieuw)) convenanten.set(c.gemeentecode, c);
      };

      // 3. Store. On PostgreSQL one upsert is in flight while the next block is prepared.
      const opgeslagen: Opgenomen[] = [];
      let bezig: Promise<{ fout?: unknown }> | null = null;
      let auditKetting: Promise<void> = Promise.resolve();
      let auditFout: unknown;
      const auditVoor = (rows: Opgenomen[]) => {
        if (!auditTx) return;
        const entries = rows.map((s) => ({
          actor,
          actie: s.ingevoegd ? 'vroegsignaal.ontvangen' : 'vroegsignaal.herhaling',
          onderwerp: s.id,
          resultaat: 'ok',
          details: { levering: levering.id },
        }));
        auditKetting = auditKetting
          .then(() => ctx.audit.schrijfVeel(entries, auditTx))
          .catch((e: unknown) => {
            auditFout ??= e;
          });
      };
      const wachtOpVorige = async () => {
        const r = await bezig;
        bezig = null;
        if (r?.fout) throw r.fout;
      };
      const verwerkBlok = async (geldig: Geldig[]) => {
        const routes = await routeer(geldig.map((g) => ({ pc6: g.rij.postcode, huisnummer: g.rij.huisnummer })));
        await leerKennen([...new Set(routes.flatMap((r) => (r.gemeentecode ? [r.gemeentecode] : [])))]);
        const heeftBezwaar = await bezwaarToets(
          lees,
          geldig.map((g) => g.adres),
        );
        const rows: NieuwSignaal[] = [];
        for (const [i, { rij, adres, opdrachtgeverId }] of geldig.entries()) {
          const route = routes[i]!;
          if (!route.gemeentecode) {
            wijs(rij, route.reden ?? 'Postcode onbekend');
            continue;
          }
          const g = gemeenten.get(route.gemeentecode);
          const gnaam = g?.naam ?? route.gemeentecode;
          if (!g?.doet_mee_vroegsignalering) {
            wijs(rij, `${REDEN_DOET_NIET_MEE} (${gnaam})`);
            continue;
          }
          const c = convenanten.get(route.gemeentecode);
          if (c?.status !== 'ondertekend' || (c.einddatum !== null && c.einddatum < dag)) {
            wijs(rij, `${REDEN_GEEN_CONVENANT} (${gnaam})`);
            continue;
          }
          const bezwaar = heeftBezwaar(route.gemeentecode, adres, rij.achternaam);
          meta.perRegel?.(rij.regel, route.gemeentecode);
          rows.push({
            convenant_id: c.id,
            gemeentecode: route.gemeentecode,
            sector: rij.sector,
            opdrachtgever_id: opdrachtgeverId,
            status: bezwaar ? 'niet-oppakken' : 'nieuw',
            status_reden: bezwaar ? 'bezwaar' : null,
            adres_sleutel: adres,
            achternaam: rij.achternaam,
            voorletters: rij.voorletters,
            straatnaam: rij.straatnaam,
            huisnummer: rij.huisnummer,
            toevoeging: rij.toevoeging,
            postcode: rij.postcode,
            woonplaats: rij.woonplaats,
            telefoon1: rij.telefoon1,
            telefoon2: rij.telefoon2,
            telefoon3: rij.telefoon3,
            email: rij.email,
            maanden_achterstand: rij.maanden,
            bedrag_achterstand: rij.bedrag,
            vervaldatum: rij.vervaldatum,
            klantnummer: rij.klantnummer,
            herinnering_verstuurd: rij.herinnering,
            contact_gezocht: rij.contactGezocht,
            schuldhulp_genoemd: rij.schuldhulpGenoemd,
            gegevensoverdracht_aangeboden: rij.overdrachtAangeboden,
            crisissignaal: rij.crisissignaal,
            warme_overdracht: false,
          });
        }
        await wachtOpVorige();
        if (rows.length === 0) return;
        // The outcome is caught at once (no unhandled rejection) and rethrown by the next wachtOpVorige.
        bezig = neemSignalenOp(ctx, tx, { ...blok, rows }).then(
          (r) => {
            for (const s of r) opgeslagen.push(s);
            auditVoor(r);
            return {};
          },
          (fout: unknown) => ({ fout }),
        );
        if (!stromend) await wachtOpVorige();
      };
      try {
        for (const blok of vooraf) await verwerkBlok(blok);
        if (rest) for (let r = await rest.next(); !r.done; r = await rest.next()) await verwerkBlok(r.value);
        await wachtOpVorige();
      } catch (e) {
        // Let the statement in flight finish before the rollback; close the reader (and with it the upload stream).
        await bezig;
        await rest?.return(undefined).catch(() => undefined);
        await auditKetting;
        throw e;
      }

      const per = new Map<string, { nieuw: number; herhaling: number }>();
      let nieuw = 0;
      for (const s of opgeslagen) {
        const t = per.get(s.gemeentecode) ?? per.set(s.gemeentecode, { nieuw: 0, herhaling: 0 }).get(s.gemeentecode)!;
        if (s.nieuw) {
          t.nieuw++;
          nieuw++;
        } else t.herhaling++;
      }
      afgewezen.sort((a, b) => a.regel - b.regel);
      // An objection is the municipality's business: the partner's report shows such a signal as accepted.
      const rapport: Rapport = {
        leveringId: levering.id,
        bron: meta.bron,
        bestandsnaam: meta.bestandsnaam,
        ontvangenOp: new Date(levering.ontvangen_op).toISOString(),
        regels: totaal,
        geaccepteerd: opgeslagen.length,
        nieuw,
        herhaling: opgeslagen.length - nieuw,
        perGemeente: [...per]
          .map(([code, t]) => ({ gemeentecode: code, gemeentenaam: gemeenten.get(code)?.naam ?? code, ...t }))
          .sort((a, b) => a.gemeentenaam.localeCompare(b.gemeentenaam, 'nl')),
        afgewezenAantal: afgewezen.length,
        afgewezen: afgewezen.slice(0, MAX_AFGEWEZEN_IN_RAPPORT),
      };
      await store.bewaarRapport(tx, levering.id, rapport);
      await auditKetting;
      if (auditFout) throw auditFout;
      return { rapport, opgeslagen };
    });
  } catch (e) {
    await auditTx
      ?.rollback()
      .execute()
      .catch(() => undefined);
    throw e;
  }

  const { rapport, opgeslagen } = ontvangen;
  const levering: AuditEntry = {
    actor,
    actie: 'vroegsignaal.levering',
    onderwerp: rapport.leveringId,
    resultaat: 'ok',
    details: {
      bron: meta.bron,
      regels: totaal,
      geaccepteerd: rapport.geaccepteerd,
      afgewezen: rapport.afgewezenAantal,
    },
  };
  if (auditTx) {
    try {
      await ctx.audit.schrijfVeel([levering], auditTx);
      await auditTx.commit().execute();
    } catch (e) {
      await auditTx
        .rollback()
        .execute()
        .catch(() => undefined);
      throw e;
    }
  } else {
    // PGlite: after the commit, in slices.
    for (let i = 0; i < opgeslagen.length; i += AUDIT_BLOK) {
      await ctx.audit.schrijfVeel(
        opgeslagen.slice(i, i + AUDIT_BLOK).map((s) => ({
          actor,
          actie: s.ingevoegd ? 'vroegsignaal.ontvangen' : 'vroegsignaal.herhaling',
          onderwerp: s.id,
          resultaat: 'ok',
          details: { levering: rapport.leveringId },
        })),
      );
    }
    await ctx.audit.schrijfVeel([levering]);
  }
  // Rarely a new signal is left without a case (a concurrent upload made its household's case meanwhile): link it now.
  // On failure the scheduled job retries.
  if (opgeslagen.some((s) => s.ingevoegd && s.zaak_id === null)) {
    await koppelNieuweSignalen(db, meta.nu ?? new Date(), ctx.audit).catch((err: unknown) =>
      ctx.log.error({ err }, 'linking signals to cases failed'),
    );
  }
  return rapport;
}
