import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.ts';
import { bezwaarToets } from '../../bezwaren/index.ts';
import { gemeentenMetCodes, maakRouter } from '../../gemeenten/index.ts';
import {
  convenantenVoorLevering,
  convenantGeldig,
  convenantWeigering,
  type PartnerProfiel,
} from '../../partners/index.ts';
import { BEZWAAR_BIJ_BINNENKOMST, type NieuwSignaal } from '../../signaalzaken/index.ts';
import { type Afwijzingen, REDEN_DOET_NIET_MEE, REDEN_GEEN_CONVENANT } from './rapport.ts';
import type { Geldig } from './valideren.ts';

/**
 * Stage 3, route: the municipality by postcode (PC4 table in memory, PC6 exceptions), its participation and the
 * partner's agreement with it (both cached per municipality), and a registered objection. Returns the rows to store.
 */
export async function maakRoutering(v: {
  /** Reference data (postcodes, municipalities, objections); on PostgreSQL outside the delivery's transaction. */
  lees: Kysely<Database>;
  /** The delivery's transaction (an ad-hoc agreement is created in it). */
  tx: Kysely<Database>;
  p: PartnerProfiel;
  dag: string;
  afwijzingen: Afwijzingen;
  /** Told of every accepted row (line number, municipality), e.g. for the SFTP result file. */
  perRegel?: ((regel: number, gemeentecode: string) => void) | undefined;
}) {
  const routeer = await maakRouter(v.lees);
  const gemeenten = new Map<string, { gemeentecode: string; naam: string; doet_mee_vroegsignalering: boolean }>();
  const convenanten = new Map<string, { id: string; status: string; einddatum: string | null }>();
  const bekend = new Set<string>();
  const leerKennen = async (codes: string[]) => {
    const nieuw = codes.filter((c) => !bekend.has(c));
    if (nieuw.length === 0) return;
    for (const c of nieuw) bekend.add(c);
    const g = await gemeentenMetCodes(v.lees, nieuw);
    for (const x of g) gemeenten.set(x.gemeentecode, x);
    for (const c of await convenantenVoorLevering(v.tx, v.p, g, v.dag)) convenanten.set(c.gemeentecode, c);
  };

  async function routeerBlok(geldig: Geldig[]): Promise<NieuwSignaal[]> {
    const routes = await routeer(geldig.map((g) => ({ pc6: g.rij.postcode, huisnummer: g.rij.huisnummer })));
    await leerKennen([...new Set(routes.flatMap((r) => (r.gemeentecode ? [r.gemeentecode] : [])))]);
    const heeftBezwaar = await bezwaarToets(
      v.lees,
      geldig.map((g) => g.adres),
    );
    const rows: NieuwSignaal[] = [];
    for (const [i, { rij, adres, opdrachtgeverId }] of geldig.entries()) {
      const route = routes[i]!;
      if (!route.gemeentecode) {
        v.afwijzingen.wijs(rij, route.reden ?? 'Postcode onbekend');
        continue;
      }
      const g = gemeenten.get(route.gemeentecode);
      const gnaam = g?.naam ?? route.gemeentecode;
      if (!g?.doet_mee_vroegsignalering) {
        v.afwijzingen.wijs(rij, `${REDEN_DOET_NIET_MEE} (${gnaam})`);
        continue;
      }
      const c = convenanten.get(route.gemeentecode);
      if (!c || !convenantGeldig(c, v.dag)) {
        v.afwijzingen.wijs(rij, convenantWeigering(c, v.dag, gnaam) ?? `${REDEN_GEEN_CONVENANT} (${gnaam})`);
        continue;
      }
      const bezwaar = heeftBezwaar(route.gemeentecode, adres, rij.achternaam);
      v.perRegel?.(rij.regel, route.gemeentecode);
      rows.push({
        convenant_id: c.id,
        gemeentecode: route.gemeentecode,
        sector: rij.sector,
        opdrachtgever_id: opdrachtgeverId,
        status: bezwaar ? BEZWAAR_BIJ_BINNENKOMST.signaal : 'nieuw',
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
        warme_overdracht: null, // unknown until the worker records it (DDAS warmeOverdracht)
      });
    }
    return rows;
  }

  return { routeerBlok, gemeentenaam: (code: string) => gemeenten.get(code)?.naam ?? code };
}
