import { ddasGemeentecode, zonderLeeg, type Bron, type Organisatie } from './bron.ts';
import * as store from './store-vs.ts';

/** EnumSignaalpartner of the Uitwisselmodel; a partner registered with another word is delivered as 'Overige'. */
const SIGNAALPARTNERS = new Set([
  'Energie',
  'Huur',
  'Hypotheek',
  'CAK Zorgverzekeringen',
  'Zorg',
  'Water',
  'DUO',
  'Belastingdienst',
  'CAK Eigen bijdrage',
  'Overige',
  'Dienst Toeslagen',
]);

/**
 * DDAS Vroegsignalering (Uitwisselmodel v0.9): one `levering` per municipality with its `vroegsignaalzaken`
 * (the records that are counted and paged), their `vroegsignalen` and `contactpogingen`. The resident's
 * address is always delivered; names only with DDAS_VS_PERSOONSGEGEVENS=aan. The platform holds no BSN or
 * date of birth for a signal, so those are never in the file.
 */
export const vsBron: Bron = {
  tellen: (ctx, org, periode) =>
    org.gemeentecode ? store.telZaken(ctx.db.kysely, org.gemeentecode, periode) : Promise.resolve(0),
  async levering(ctx, org, periode, offset, limit) {
    const db = ctx.db.kysely;
    const zaken = org.gemeentecode && limit > 0 ? await store.zaken(db, org.gemeentecode, periode, offset, limit) : [];
    const ids = zaken.map((z) => z.id);
    const metNamen = ctx.config.DDAS_VS_PERSOONSGEGEVENS === 'aan';
    const [signalen, pogingen] = await Promise.all([store.signalen(db, ids, metNamen), store.contactpogingen(db, ids)]);
    const opgepakt = new Set(zaken.filter((z) => z.datum_opgepakt).map((z) => z.id));

    const vroegsignalen = signalen.map((s) => {
      const naam = s as { voorletters?: string | null; achternaam?: string | null };
      return zonderLeeg({
        ID: s.id,
        crisissignaal: s.crisissignaal,
        warmeOverdracht: s.warme_overdracht,
        bedrag: Math.round(Number(s.bedrag_achterstand)),
        ontstaansdatum: s.vervaldatum,
        signaaldatum: s.signaaldatum,
        // A signal of a case that was picked up has no "not picked up" status any more.
        status: s.signaalstatus ?? (s.zaak_id && opgepakt.has(s.zaak_id) ? null : 'Nog niet opgepakt'),
        signaalpartner: { type: s.ddas_type && SIGNAALPARTNERS.has(s.ddas_type) ? s.ddas_type : 'Overige' },
        client: zonderLeeg({
          ...(metNamen ? { Voorletters: naam.voorletters, Achternaam: naam.achternaam } : {}),
          Straatnaam: s.straatnaam,
          Postcode: s.postcode,
          Huisnummer: String(s.huisnummer),
          Huisnummertoevoeging: s.toevoeging,
          Plaatsnaam: s.woonplaats,
        }),
      });
    });

    const perZaak = new Map<string, { signalen: { ID: string }[]; pogingen: Record<string, unknown>[] }>(
      ids.map((id) => [id, { signalen: [], pogingen: [] }]),
    );
    for (const s of signalen) if (s.zaak_id) perZaak.get(s.zaak_id)?.signalen.push({ ID: s.id });
    for (const p of pogingen)
      perZaak
        .get(p.zaak_id)
        ?.pogingen.push(zonderLeeg({ soort: p.soort, bereikt: p.bereikt, datum: p.datum, dagdeel: p.dagdeel }));

    const vroegsignaalzaken = zaken.map((z) => {
      const d = perZaak.get(z.id)!;
      return zonderLeeg({
        resultaat: z.resultaat,
        matchingsdatum: z.matchingsdatum,
        startdatum_matchtingperiode: z.startdatum_matchingperiode, // sic: the schema's spelling
        datum_opgepakt: z.datum_opgepakt,
        einddatum_matchingperiode: z.einddatum_matchingperiode,
        vroegsignalen: d.signalen.length > 0 ? d.signalen : null, // minItems 1
        contactpogingen: d.pogingen,
      });
    });
    return {
      levering: {
        gemeentecode: ddasGemeentecode(org.gemeentecode ?? ''),
        aanleverende_organisatie: aanleverendeOrganisatie(org),
        vroegsignalen,
        vroegsignaalzaken,
      },
      ids,
    };
  },
};

function aanleverendeOrganisatie(o: Organisatie) {
  const contact = zonderLeeg({
    naam: o.contact_naam,
    telefoonnummer: o.contact_telefoon,
    email: o.contact_email,
    functietitel: o.contact_functietitel,
  });
  return zonderLeeg({
    naam: o.naam,
    'kvk-nummer': o.kvk_nummer,
    contactpersoonen: Object.keys(contact).length > 0 ? [contact] : null, // sic
  });
}
