import { createReadStream } from 'node:fs';
import { sql } from 'kysely';
import type { TestOmgeving } from './omgeving.ts';
import { SYSTEEM } from '../../src/modules/audit/audit.ts';
import { importeerGemeenten } from '../../src/modules/gemeenten/gemeenten.ts';
import { bsnContext, bsnKluis } from '../../src/modules/trajecten/kluis.ts';
import { bsnFromSeed } from '../../src/shared/bsn.ts';
import { DATA } from './fixtures/vroegsignalering.ts';

/**
 * DDAS test data that fills every part of both models. Rows are inserted with SQL here (read-only use of the
 * signal-case and trajectory tables of 0005/0006), so these tests do not depend on the intake and work-queue
 * logic of those modules.
 */
export const DEMO_BSN = '111222333';

export async function ddasTestdata(t: TestOmgeving, opties: { extraZaken?: number; extraTrajecten?: number } = {}) {
  const db = t.ctx.db.kysely;
  await importeerGemeenten(t.ctx, SYSTEEM, createReadStream(`${DATA}gemeenten.csv`));
  const utrecht = await t.organisatie('Gemeente Utrecht', 'gemeente');
  const amsterdam = await t.organisatie('Gemeente Amsterdam', 'gemeente');
  await db.updateTable('organisaties').set({ gemeentecode: 'GM0344' }).where('id', '=', utrecht.id).execute();
  await db.updateTable('organisaties').set({ gemeentecode: 'GM0363' }).where('id', '=', amsterdam.id).execute();
  const kredietbank = await t.organisatie('Kredietbank Utrecht', 'schuldhulpverlener');
  const andereShv = await t.organisatie('Schuldhulp Elders', 'schuldhulpverlener');
  const partner = await t.organisatie('Energie Noord', 'signaalpartner');

  await sql`INSERT INTO signaalpartners (organisatie_id, ddas_type, sectoren, rol, contact_naam, contact_email, contact_delen,
      tekenbevoegde_naam, tekenbevoegde_functie, tekenbevoegde_email)
    VALUES (${partner.id}, 'Energie', ARRAY['energie'], 'eigen-beheer', 'C. Ontact', 'c@energie.example', true, 'T. Eken', 'Directeur', 't@energie.example')`.execute(
    db,
  );
  const convenant = async (code: string) =>
    (
      await sql<{ id: string }>`INSERT INTO convenanten (partner_id, gemeentecode, status, ondertekend_op)
    VALUES (${partner.id}, ${code}, 'ondertekend', '2026-01-01') RETURNING id`.execute(db)
    ).rows[0]!.id;
  const cUtrecht = await convenant('GM0344');
  const cAmsterdam = await convenant('GM0363');
  const levering = (
    await sql<{
      id: string;
    }>`INSERT INTO vroegsignaal_leveringen (partner_id, bron) VALUES (${partner.id}, 'api') RETURNING id`.execute(db)
  ).rows[0]!.id;

  const zaak = async (
    code: string,
    adres: string,
    v: { resultaat?: string; opgepakt?: string; crisis?: boolean; matching?: string },
  ) =>
    (
      await sql<{
        id: string;
      }>`INSERT INTO vroegsignaalzaken (gemeentecode, adres_sleutel, status, matchingsdatum, startdatum_matchingperiode,
        einddatum_matchingperiode, ontvangen_op, deadline, crisis, datum_opgepakt, resultaat, afgesloten_op)
      VALUES (${code}, ${adres}, ${v.resultaat ? 'afgesloten' : v.opgepakt ? 'opgepakt' : 'nieuw'}, ${v.matching ?? '2026-02-03'}, '2026-02-01', '2026-02-28',
        '2026-02-03T09:00:00Z', '2026-02-13', ${v.crisis ?? false}, ${v.opgepakt ?? null}, ${v.resultaat ?? null},
        ${v.resultaat ? '2026-03-10T12:00:00Z' : null}) RETURNING id`.execute(db)
    ).rows[0]!.id;
  const signaal = (
    zaakId: string,
    code: string,
    conv: string,
    adres: string,
    huisnummer: number,
    v: { crisis?: boolean; warm?: boolean; status?: string; afgehandeld?: boolean } = {},
  ) =>
    sql`INSERT INTO vroegsignalen (partner_id, convenant_id, gemeentecode, levering_id, sector, status, adres_sleutel, achternaam, voorletters,
        straatnaam, huisnummer, toevoeging, postcode, woonplaats, maanden_achterstand, bedrag_achterstand, vervaldatum, ontvangen_op,
        crisissignaal, warme_overdracht, zaak_id, signaalstatus)
      VALUES (${partner.id}, ${conv}, ${code}, ${levering}, 'energie', ${v.afgehandeld ? 'afgehandeld' : 'in-behandeling'}, ${adres}, 'van Dijk', 'A.', 'Oudegracht', ${huisnummer}, 'bis',
        '3511AB', 'Utrecht', 2, 450.60, '2025-12-10', '2026-02-02T10:00:00Z', ${v.crisis ?? false}, ${v.warm ?? false}, ${zaakId}, ${v.status ?? null})`.execute(
      db,
    );

  // Utrecht: a closed case with two signals and two contact attempts, an open one not yet picked up.
  const z1 = await zaak('GM0344', '3511ab|10|bis', {
    resultaat: 'Inwoner hoeft geen hulp vanuit vroegsignalering',
    opgepakt: '2026-02-05',
    crisis: true,
  });
  await signaal(z1, 'GM0344', cUtrecht, '3511ab|10|bis', 10, { crisis: true, warm: true, afgehandeld: true });
  await signaal(z1, 'GM0344', cUtrecht, '3511ab|10|bis', 10, { afgehandeld: true });
  await sql`INSERT INTO vroegsignaalzaak_contactpogingen (zaak_id, soort, bereikt, datum, dagdeel)
    VALUES (${z1}, 'Telefoon', false, '2026-02-05', 'Ochtend'), (${z1}, 'Huisbezoek', true, '2026-02-09', 'Middag')`.execute(
    db,
  );
  const z2 = await zaak('GM0344', '3511ab|12|', {});
  await signaal(z2, 'GM0344', cUtrecht, '3511ab|12|', 12, { status: 'Nog niet opgepakt' });
  // Amsterdam: must never appear in Utrecht's file.
  const z3 = await zaak('GM0363', '1012ab|1|', { opgepakt: '2026-02-04' });
  await signaal(z3, 'GM0363', cAmsterdam, '1012ab|1|', 1);
  // Many more Utrecht cases, for paging.
  if (opties.extraZaken) {
    await sql`INSERT INTO vroegsignaalzaken (gemeentecode, adres_sleutel, status, matchingsdatum, startdatum_matchingperiode, einddatum_matchingperiode, ontvangen_op, deadline)
      SELECT 'GM0344', '3512aa|' || g || '|', 'nieuw', '2026-02-20', '2026-02-01', '2026-02-28', '2026-02-20T09:00:00Z', '2026-03-02'
      FROM generate_series(1, ${opties.extraZaken}::int) g`.execute(db);
    await sql`INSERT INTO vroegsignalen (partner_id, convenant_id, gemeentecode, levering_id, sector, status, adres_sleutel, achternaam, huisnummer, postcode,
        maanden_achterstand, bedrag_achterstand, ontvangen_op, zaak_id)
      SELECT ${partner.id}, ${cUtrecht}, 'GM0344', ${levering}, 'energie', 'in-behandeling', z.adres_sleutel, 'Berg', split_part(z.adres_sleutel, '|', 2)::int,
        '3512AA', 2, 300, '2026-02-19T10:00:00Z', z.id
      FROM vroegsignaalzaken z WHERE z.adres_sleutel LIKE '3512aa|%'`.execute(db);
  }

  const kluis = bsnKluis(t.ctx.config);
  const traject = async (
    orgId: string,
    bsn: string,
    ddas: Record<string, unknown>,
    start = '2026-01-05',
    eind: string | null = null,
  ) => {
    const pseudoniem = t.ctx.pseudo.pseudoniem(bsn);
    const sleutelId = t.ctx.pseudo.huidigeSleutel;
    await sql`INSERT INTO trajecten (organisatie_id, bsn_pseudoniem, sleutel_id, bsn_versleuteld, achternaam, voorletters, postcode, huisnummer,
        toevoeging, gemeentecode, fase, startdatum, einddatum, ddas)
      VALUES (${orgId}, ${pseudoniem}, ${sleutelId}, ${kluis.versleutel(bsn, bsnContext(orgId))}, 'Jansen', 'J.', '3511AB', 10, 'A', 'GM0344',
        'nazorg', ${start}, ${eind}, ${JSON.stringify(ddas)})`.execute(db);
  };
  await traject(kredietbank.id, DEMO_BSN, VOLLEDIG_TRAJECT, '2026-01-05', '2026-12-31');
  await traject(
    kredietbank.id,
    bsn(20_000_007),
    { aanmelding: { startdatum: '2026-02-01', crisisinterventie: false } },
    '2026-02-01',
  );
  // Closed before the period: not delivered.
  await traject(kredietbank.id, bsn(20_000_014), {}, '2024-01-01', '2024-06-30');
  await traject(andereShv.id, bsn(20_000_021), {}, '2026-01-10');
  for (let i = 0; i < (opties.extraTrajecten ?? 0); i++)
    await traject(
      kredietbank.id,
      bsn(30_000_000 + i * 101),
      { aanmelding: { startdatum: '2026-03-01' } },
      '2026-03-01',
    );

  return { utrecht, amsterdam, kredietbank, andereShv, partner, zaken: { z1, z2, z3 } };
}

/** A trajectory with every part of the DDAS-SHV model filled. */
export const VOLLEDIG_TRAJECT = {
  omschrijving: 'Schuldregeling na stabilisatie',
  toekenningsdatum: '2026-01-20',
  totaalSchuldbedragBijAanvangSchuld: 18_450,
  aanmelding: { crisisinterventie: true, startdatum: '2026-01-05', einddatum: '2026-01-06' },
  informatieEnAdvies: { startdatum: '2026-01-06', einddatum: '2026-01-08' },
  intake: {
    startdatum: '2026-01-08',
    einddatum: '2026-01-20',
    beschikkingssoort: 'Toelatingsbeschikking',
    beschikkingsdatum: '2026-01-20',
  },
  planVanAanpak: { datumAfronding: '2026-01-27' },
  stabilisatie: { startdatum: '2026-01-27', einddatum: '2026-03-31' },
  schuldregeling: {
    datum: '2026-04-01',
    toegekend: '2026-04-20',
    datumVerzoekDwangakkoord: '2026-04-10',
    dwangakkoord: true,
  },
  oplossing: { soort: 'Saneringskrediet', startdatum: '2026-05-01', einddatum: '2026-11-01', vtlb: 1450 },
  begeleiding: [{ soort: 'Budgetbeheer', startdatum: '2026-01-27', einddatum: '2026-11-30' }],
  nazorg: { startdatum: '2026-11-01', einddatum: '2026-12-31' },
  uitstroom: {
    datum: '2026-12-31',
    reden: 'Afgerond',
    datumBeeindigingsbeschikking: '2026-12-20',
    omschrijving: 'Schuldenvrij',
  },
  crisisinterventies: [{ startdatum: '2026-01-05', einddatum: '2026-01-07' }],
  moratoria: [
    { datumAanvraag: '2026-01-06', datumGoedkeuring: '2026-01-08', startdatum: '2026-01-08', einddatum: '2026-07-08' },
  ],
  voorlopigeVoorzieningen: [{ startdatum: '2026-01-06', einddatum: '2026-02-06' }],
  schulden: [
    {
      bedrag: 12_000,
      peildatum: '2026-01-20',
      schuldsoort: 'Publiek',
      zakelijkeSchuld: false,
      schuldeiser: { naam: 'Belastingdienst', kvknummer: '12345678', postcode: '7300AA', privepersoon: false },
    },
    {
      bedrag: 6_450,
      peildatum: '2026-01-20',
      schuldsoort: 'Zorg',
      zakelijkeSchuld: false,
      schuldeiser: { naam: 'Zorgverzekeraar Midden', postcode: '3500AA', privepersoon: false },
    },
  ],
};

/** The first valid BSN from `seed` on. */
function bsn(seed: number): string {
  for (let s = seed; ; s++) {
    const b = bsnFromSeed(s);
    if (b) return b;
  }
}

export const PERIODE = { startdatum: '2026-01-01', einddatum: '2026-06-30' };
