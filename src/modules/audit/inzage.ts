import { sql } from 'kysely';
import type { Context } from '../../context.ts';
import { normaliseBsn } from '../../shared/bsn.ts';
import { invalidInput } from '../../shared/errors.ts';
import { achternaamSleutel, adresSleutel, normaliseerHuisnummer, normaliseerPostcode } from '../gemeenten/postcode.ts';
import { achternaamVergelijkSleutel } from '../trajecten/namen.ts';
import type { Actor } from './audit.ts';
import { auditOver } from './store.ts';

export interface InzageVraag {
  bsn?: string | undefined;
  adres?: { postcode: string; huisnummer: string; toevoeging?: string | undefined; achternaam: string } | undefined;
}

export interface Vindplaats {
  soort: string;
  organisatie: string | null;
  aantal: number;
  laatste: string | null;
  toelichting: string;
}

/**
 * Subject access report (AVG art. 15): which organisations hold, or looked up, data on this person.
 * By BSN: VISH deliveries (in-memory index), VISH checks (audit reference under every key),
 * trajectories (pseudonym). By address + surname: early signals, objections, trajectories.
 * `organisatieId` limits it to one organisation (a privacy officer); null: everything (operator).
 * The answer never contains the BSN, the name or the address.
 */
export async function inzageRapport(ctx: Context, actor: Actor, vraag: InzageVraag, organisatieId: string | null) {
  const db = ctx.db.kysely;
  const bsn = vraag.bsn !== undefined ? normaliseBsn(vraag.bsn) : null;
  if (vraag.bsn !== undefined && !bsn) throw invalidInput('Het BSN is niet geldig (9 cijfers, elfproef).');
  let adres: { sleutel: string; naam: string; trajectNaam: string; postcode: string; huisnummer: number } | null = null;
  if (vraag.adres) {
    const pc = normaliseerPostcode(vraag.adres.postcode);
    const hn = normaliseerHuisnummer(vraag.adres.huisnummer);
    if (!pc || hn === null) throw invalidInput('Postcode of huisnummer is niet geldig.');
    adres = {
      sleutel: adresSleutel(pc, hn, vraag.adres.toevoeging),
      naam: achternaamSleutel(vraag.adres.achternaam),
      trajectNaam: achternaamVergelijkSleutel(vraag.adres.achternaam),
      postcode: pc,
      huisnummer: hn,
    };
  }
  if (!bsn && !adres) throw invalidInput('Geef een BSN of een adres met achternaam op.');

  const orgNamen = new Map(
    (await db.selectFrom('organisaties').select(['id', 'naam']).execute()).map((o) => [o.id, o.naam]),
  );
  const eigenNaam = organisatieId ? (orgNamen.get(organisatieId) ?? null) : null;
  const uit: Vindplaats[] = [];
  const onderwerpen: string[] = [];

  if (bsn) {
    // Test lists too: they should hold test persons, but if a real person is in one, that is processing as well.
    for (const omgeving of ['productie', 'test'] as const) {
      for (const t of ctx.vishIndex.zoek(bsn, undefined, omgeving)) {
        if (!eigenNaam || t.organisatie === eigenNaam)
          uit.push({
            soort: 'vish-levering',
            organisatie: t.organisatie,
            aantal: 1,
            laatste: null,
            toelichting:
              omgeving === 'test'
                ? 'Staat in een actieve VISH-testlevering (alleen zichtbaar voor testcontroles).'
                : 'Staat in de actieve VISH-levering (lopend schuldhulptraject).',
          });
      }
    }
    const pseudoniemen = ctx.pseudo.sleutelIds().map((id) => ({ id, p: ctx.pseudo.pseudoniem(bsn, id) }));
    const checks = await auditOver(
      db,
      pseudoniemen.map(({ id, p }) => `${id}:${p.toString('hex', 0, 16)}`),
      organisatieId ?? undefined,
    );
    groepeer(
      uit,
      checks.filter((c) => c.actie.startsWith('vish.')),
      'vish-controle',
      'Heeft gecontroleerd of deze persoon in de Verwijsindex staat.',
    );
    if (await bestaat('trajecten')) {
      const r = await sql<{
        id: string;
        organisatie_id: string;
        bijgewerkt_op: Date;
      }>`SELECT id, organisatie_id, bijgewerkt_op FROM trajecten
        WHERE geanonimiseerd_op IS NULL AND bsn_pseudoniem = ANY(${pseudoniemen.map((x) => x.p)}::bytea[])
        ${organisatieId ? sql`AND organisatie_id = ${organisatieId}` : sql``}`.execute(db);
      for (const t of r.rows) {
        onderwerpen.push(t.id);
        uit.push({
          soort: 'traject',
          organisatie: orgNamen.get(t.organisatie_id) ?? null,
          aantal: 1,
          laatste: iso(t.bijgewerkt_op),
          toelichting: 'Schuldhulptraject (dossier).',
        });
      }
    }
  }
  if (adres) {
    const gemeentecode = organisatieId
      ? ((await db.selectFrom('organisaties').select('gemeentecode').where('id', '=', organisatieId).executeTakeFirst())
          ?.gemeentecode ?? null)
      : null;
    const signalen = await db
      .selectFrom('vroegsignalen')
      .select(['id', 'partner_id', 'gemeentecode', 'ontvangen_op', 'achternaam'])
      .where('adres_sleutel', '=', adres.sleutel)
      .execute();
    for (const s of signalen.filter((s) => achternaamSleutel(s.achternaam) === adres.naam)) {
      if (organisatieId && s.partner_id !== organisatieId && s.gemeentecode !== gemeentecode) continue;
      onderwerpen.push(s.id);
      uit.push({
        soort: 'vroegsignaal',
        organisatie: orgNamen.get(s.partner_id) ?? null,
        aantal: 1,
        laatste: iso(s.ontvangen_op),
        toelichting: `Betalingsachterstand gemeld voor gemeente ${s.gemeentecode}.`,
      });
    }
    const bezwaren = await db
      .selectFrom('vroegsignaal_bezwaren')
      .select(['id', 'gemeentecode', 'geregistreerd_door', 'geregistreerd_op'])
      .where('adres_sleutel', '=', adres.sleutel)
      .where('achternaam_sleutel', '=', adres.naam)
      .execute();
    for (const b of bezwaren) {
      if (organisatieId && b.geregistreerd_door !== organisatieId) continue;
      uit.push({
        soort: 'bezwaar',
        organisatie: orgNamen.get(b.geregistreerd_door) ?? b.gemeentecode,
        aantal: 1,
        laatste: iso(b.geregistreerd_op),
        toelichting: 'Bezwaar tegen vroegsignalering geregistreerd.',
      });
    }
    if (await bestaat('trajecten')) {
      const r = await sql<{
        id: string;
        organisatie_id: string;
        bijgewerkt_op: Date;
      }>`SELECT id, organisatie_id, bijgewerkt_op FROM trajecten
        WHERE geanonimiseerd_op IS NULL AND postcode = ${adres.postcode} AND huisnummer = ${adres.huisnummer} AND achternaam_sleutel = ${adres.trajectNaam}
        ${organisatieId ? sql`AND organisatie_id = ${organisatieId}` : sql``}`.execute(db);
      for (const t of r.rows) {
        if (onderwerpen.includes(t.id)) continue;
        onderwerpen.push(t.id);
        uit.push({
          soort: 'traject',
          organisatie: orgNamen.get(t.organisatie_id) ?? null,
          aantal: 1,
          laatste: iso(t.bijgewerkt_op),
          toelichting: 'Schuldhulptraject (dossier).',
        });
      }
    }
  }
  // Who read or changed those records.
  groepeer(
    uit,
    await auditOver(db, onderwerpen, organisatieId ?? undefined),
    'inzage-of-wijziging',
    'Heeft deze gegevens ingezien of gewijzigd.',
  );

  await ctx.audit.schrijf({
    actor,
    actie: 'avg.inzageverzoek',
    onderwerp: bsn ? ctx.pseudo.auditVerwijzing(bsn) : null,
    resultaat: 'ok',
    details: { opBsn: !!bsn, opAdres: !!adres, vindplaatsen: uit.length, beperktTot: organisatieId },
  });
  return { opgesteldOp: new Date().toISOString(), beperktTotOrganisatie: eigenNaam, vindplaatsen: uit };

  async function bestaat(tabel: string) {
    const r = await sql<{ t: string | null }>`SELECT to_regclass(${tabel})::text AS t`.execute(db);
    return r.rows[0]?.t != null;
  }
}

function groepeer(
  uit: Vindplaats[],
  rows: Array<{ tijdstip: Date; organisatie: string | null }>,
  soort: string,
  toelichting: string,
) {
  const per = new Map<string, { aantal: number; laatste: Date }>();
  for (const r of rows) {
    const k = r.organisatie ?? 'platform';
    const v = per.get(k);
    if (!v) per.set(k, { aantal: 1, laatste: r.tijdstip });
    else {
      v.aantal++;
      if (r.tijdstip > v.laatste) v.laatste = r.tijdstip;
    }
  }
  for (const [organisatie, v] of per)
    uit.push({ soort, organisatie, aantal: v.aantal, laatste: iso(v.laatste), toelichting });
}

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);
