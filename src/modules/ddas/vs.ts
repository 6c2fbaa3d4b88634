import { normaliseerToevoeging } from '../gemeenten/index.ts';
import { ddasGemeentecode, inVolgorde, zonderLeeg, type Bron, type Organisatie } from './bron.ts';
import * as store from './store-vs.ts';
import { contactsoortIn, eindresultaatIn } from './vocabulaire.ts';

/** EnumSignaalpartner (the same in v0.9 and v1.0); a partner registered with another word is delivered as 'Overige'. */
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
 * DDAS Vroegsignalering (Uitwisselmodel v0.9 by default; DDAS_VS_MODELVERSIE maps the vocabularies to v1.0): one
 * `levering` per municipality with its `vroegsignaalzaken` (the records that are counted and paged), their
 * `vroegsignalen` and `contactpogingen`, each case as it stood at the end of the period: an end result, pick-up,
 * contact attempt or signal after that day is not in it. The resident's address is always delivered; names only
 * with DDAS_VS_PERSOONSGEGEVENS=aan. The platform holds no BSN or date of birth for a signal.
 */
export const vsBron: Bron = {
  recordIds: (ctx, org, periode) =>
    org.gemeentecode ? store.zaakIds(ctx.db.kysely, org.gemeentecode, periode) : Promise.resolve([]),
  async levering(ctx, org, periode, ids) {
    const db = ctx.db.kysely;
    const eind = periode.einddatum;
    const versie = ctx.config.DDAS_VS_MODELVERSIE;
    const zaken = inVolgorde(ids, await store.zaken(db, ids));
    const metNamen = ctx.config.DDAS_VS_PERSOONSGEGEVENS === 'aan';
    const [signalen, pogingen] = await Promise.all([
      store.signalen(db, ids, metNamen, eind),
      store.contactpogingen(db, ids, eind),
    ]);
    // As at the end of the period: closed (with its result) only when closed by then, picked up only when picked up by then.
    const opEinde = new Map(
      zaken.map((z) => {
        const gesloten = z.afgesloten_datum !== null && z.afgesloten_datum <= eind;
        const opgepakt = z.datum_opgepakt !== null && z.datum_opgepakt <= eind;
        return [z.id, { gesloten, opgepakt }];
      }),
    );

    const vroegsignalen = signalen.map((s) => {
      const naam = s as { voorletters?: string | null; achternaam?: string | null };
      const zaak = s.zaak_id ? opEinde.get(s.zaak_id) : undefined;
      // A signal of a case picked up by then has no "not picked up" status; one closed later was still open.
      const status = zaak?.gesloten ? s.signaalstatus : null;
      return zonderLeeg({
        ID: s.id,
        crisissignaal: s.crisissignaal,
        warmeOverdracht: s.warme_overdracht, // unknown (null) is left out
        bedrag: Math.round(Number(s.bedrag_achterstand)),
        ontstaansdatum: s.vervaldatum,
        signaaldatum: s.signaaldatum,
        status: status ?? (zaak?.opgepakt ? null : 'Nog niet opgepakt'),
        signaalpartner: { type: s.ddas_type && SIGNAALPARTNERS.has(s.ddas_type) ? s.ddas_type : 'Overige' },
        client: zonderLeeg({
          ...(metNamen ? { Voorletters: naam.voorletters, Achternaam: naam.achternaam } : {}),
          Straatnaam: s.straatnaam,
          Postcode: s.postcode,
          Huisnummer: String(s.huisnummer),
          Huisnummertoevoeging: normaliseerToevoeging(s.toevoeging) || null,
          Plaatsnaam: s.woonplaats,
        }),
      });
    });

    const perZaak = new Map<string, { signalen: { ID: string }[]; pogingen: Record<string, unknown>[] }>(
      ids.map((id) => [id, { signalen: [], pogingen: [] }]),
    );
    for (const s of signalen) if (s.zaak_id) perZaak.get(s.zaak_id)?.signalen.push({ ID: s.id });
    for (const p of pogingen)
      perZaak.get(p.zaak_id)?.pogingen.push(
        zonderLeeg({
          soort: contactsoortIn(p.soort, versie),
          bereikt: p.bereikt,
          datum: p.datum,
          dagdeel: p.dagdeel,
        }),
      );

    const vroegsignaalzaken = zaken.map((z) => {
      const d = perZaak.get(z.id)!;
      const e = opEinde.get(z.id)!;
      return zonderLeeg({
        resultaat: e.gesloten && z.resultaat ? eindresultaatIn(z.resultaat, versie) : null,
        matchingsdatum: z.matchingsdatum,
        startdatum_matchtingperiode: z.startdatum_matchingperiode, // sic: the schema's spelling
        datum_opgepakt: e.opgepakt ? z.datum_opgepakt : null,
        einddatum_matchingperiode: z.einddatum_matchingperiode,
        vroegsignalen: d.signalen.length > 0 ? d.signalen : null, // minItems 1
        contactpogingen: d.pogingen,
      });
    });
    return {
      gemeentecode: ddasGemeentecode(org.gemeentecode ?? ''),
      aanleverende_organisatie: aanleverendeOrganisatie(org),
      vroegsignalen,
      vroegsignaalzaken,
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
