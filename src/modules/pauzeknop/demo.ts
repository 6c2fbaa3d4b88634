import type { Context } from '../../context.ts';
import { vandaag } from '../../shared/datum.ts';
import { deadlineVoor } from '../../shared/werkdagen.ts';
import { DEMO_INWONERS } from './lokale-provider.ts';
import * as store from './store.ts';
import { TOESTEMMING } from './vocabulaire.ts';

/** Demo: one request of a demo resident in Utrecht's queue (threatening: eviction), so the list is not empty. */
export async function laadDemoAanmelding(ctx: Context, nu = new Date()) {
  const pseudoniem = ctx.pseudo.pseudoniem(DEMO_INWONERS['inwoner-fatima'].bsn);
  await store.maakAanmelding(ctx.db.kysely, {
    pseudoniem,
    sleutelId: ctx.pseudo.huidigeSleutel,
    gemeentecode: 'GM0344',
    postcode: '3511AB',
    huisnummer: 12,
    telefoon: '06 1234 5678',
    email: null,
    schuldeisers: [
      { naam: 'Woningcorporatie Domstad', kenmerk: 'HUUR-2211' },
      { naam: 'Zorgverzekeraar', kenmerk: null },
    ],
    dreigingen: ['huisuitzetting'],
    toestemmingVersie: TOESTEMMING.versie,
    nu,
    deadline: deadlineVoor(vandaag(nu), true),
  });
}
