import { bsnContext, bsnKluis } from '../trajecten/index.ts';
import { naarDdasSchuldhulptraject, type DdasDelen } from '../trajecten/index.ts';
import { ddasGemeentecode, inVolgorde, zonderLeeg, type Bron, type Organisatie } from './bron.ts';
import { delenOpEinde, einddatumOpEinde } from './peildatum.ts';
import * as store from './store-shv.ts';

/**
 * DDAS Schuldhulpverlening (Uitwisselmodel v1.0): one `levering` per debt-help organisation with its
 * `schuldhulptrajecten`, each as it stood at the end of the period. The trajectory parts are stored in DDAS form
 * by the trajectories module; the BSNs (CBS's linking key, which the schema asks for) are decrypted here and
 * nowhere else.
 */
export const shvBron: Bron = {
  recordIds: (ctx, org, periode) => store.trajectIds(ctx.db.kysely, org.id, periode),
  async levering(ctx, org, periode, ids) {
    const rijen = inVolgorde(ids, await store.trajecten(ctx.db.kysely, org.id, ids));
    const kluis = bsnKluis(ctx.config);
    const ontsleutel = (c: string) => kluis.ontsleutel(c, bsnContext(org.id));
    const schuldhulptrajecten = rijen.map((t) =>
      naarDdasSchuldhulptraject({
        startdatum: t.startdatum,
        einddatum: einddatumOpEinde(t.einddatum, periode.einddatum),
        gemeentecode: ddasGemeentecode(t.gemeentecode),
        ddas: delenOpEinde((t.ddas ?? {}) as DdasDelen, periode.einddatum),
        client:
          !t.geanonimiseerd_op && t.bsn_versleuteld && t.postcode && t.huisnummer !== null
            ? {
                bsn: ontsleutel(t.bsn_versleuteld),
                partnerBsn: t.partner_bsn_versleuteld ? ontsleutel(t.partner_bsn_versleuteld) : null,
                postcode: t.postcode,
                huisnummer: t.huisnummer,
                toevoeging: t.toevoeging,
              }
            : null,
      }),
    );
    return { aanleverende_organisatie: aanleverendeOrganisatie(org), schuldhulptrajecten };
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
    '(Statutaire) Naam': o.naam,
    'KvK-nummer': o.kvk_nummer,
    postcode: o.postcode,
    gemeentecode: o.type === 'gemeente' && o.gemeentecode ? ddasGemeentecode(o.gemeentecode) : null,
    contactpersonen: Object.keys(contact).length > 0 ? [contact] : null,
  });
}
