import { createHash } from 'node:crypto';
import type { Context } from '../../context.ts';
import * as store from './store.ts';

/** The demo CBS client with a fixed, publicly known secret, so the README's curl walkthrough works. Demo only. */
export const DEMO_DDAS_CLIENT = {
  id: 'ddas_demo_cbs',
  geheim: createHash('sha256').update('schuldenrust-demo-ddas-cbs').digest('base64url'),
};

/** Demo: the CBS client, and KvK number + contact person for Utrecht and the Kredietbank (aanleverende_organisatie). */
export async function laadDemoDdas(ctx: Context, orgs: ReadonlyMap<string, { id: string }>) {
  const db = ctx.db.kysely;
  await store.voegClientToe(db, {
    id: DEMO_DDAS_CLIENT.id,
    naam: 'CBS (demo)',
    scopes: ['ddas-vs', 'ddas-shv'],
    geheim_hash: createHash('sha256').update(DEMO_DDAS_CLIENT.geheim).digest(),
  });
  const instellingen: Array<[string, store.Aanleverinstellingen]> = [
    [
      'Gemeente Utrecht',
      {
        kvk_nummer: '99990344',
        postcode: '3511AB',
        contact_naam: 'Team Monitor Schulden',
        contact_telefoon: '030 286 00 00',
        contact_email: 'monitor@utrecht.example',
        contact_functietitel: 'Informatieadviseur',
      },
    ],
    [
      'Kredietbank Utrecht',
      {
        kvk_nummer: '99990003',
        postcode: '3511AB',
        contact_naam: 'Team Schuldhulp',
        contact_telefoon: '030 286 00 00',
        contact_email: 'schuldhulp@kredietbank.example',
        contact_functietitel: 'Teamleider',
      },
    ],
  ];
  for (const [naam, v] of instellingen) {
    const o = orgs.get(naam);
    if (o) await store.zetAanleverinstellingen(db, o.id, v);
  }
}
