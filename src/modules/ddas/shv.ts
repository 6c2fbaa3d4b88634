import { bsnContext, bsnKluis } from '../trajecten/index.ts';
import { naarDdasSchuldhulptraject, type DdasDelen } from '../trajecten/index.ts';
import { ddasGemeentecode, zonderLeeg, type Bron, type Organisatie } from './bron.ts';
import * as store from './store-shv.ts';

/**
 * DDAS Schuldhulpverlening (Uitwisselmodel v1.0): one `levering` per debt-help organisation with its
 * `schuldhulptrajecten`. The trajectory parts are stored in DDAS form by the trajectories module; the client's
 * BSN (CBS's linking key, which the schema asks for) is decrypted here and nowhere else.
 */
export const shvBron: Bron = {
  tellen: (ctx, org, periode) => store.telTrajecten(ctx.db.kysely, org.id, periode),
  async levering(ctx, org, periode, offset, limit) {
    const rijen = limit > 0 ? await store.trajecten(ctx.db.kysely, org.id, periode, offset, limit) : [];
    const kluis = bsnKluis(ctx.config);
    const schuldhulptrajecten = rijen.map((t) =>
      naarDdasSchuldhulptraject({
        startdatum: t.startdatum,
        einddatum: t.einddatum,
        gemeentecode: ddasGemeentecode(t.gemeentecode),
        ddas: (t.ddas ?? {}) as DdasDelen,
        client:
          !t.geanonimiseerd_op && t.bsn_versleuteld && t.postcode && t.huisnummer !== null
            ? {
                bsn: kluis.ontsleutel(t.bsn_versleuteld, bsnContext(org.id)),
                postcode: t.postcode,
                huisnummer: t.huisnummer,
                toevoeging: t.toevoeging,
              }
            : null,
      }),
    );
    return {
      levering: { aanleverende_organisatie: aanleverendeOrganisatie(org), schuldhulptrajecten },
      ids: rijen.map((t) => t.id),
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
    '(Statutaire) Naam': o.naam,
    'KvK-nummer': o.kvk_nummer,
    postcode: o.postcode,
    gemeentecode: o.type === 'gemeente' && o.gemeentecode ? ddasGemeentecode(o.gemeentecode) : null,
    contactpersonen: Object.keys(contact).length > 0 ? [contact] : null,
  });
}
