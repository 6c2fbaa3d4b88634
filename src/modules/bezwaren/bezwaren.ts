import type { Kysely } from 'kysely';
import type { Context } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import { invalidInput, notFound } from '../../shared/errors.ts';
import type { Actor } from '../audit/index.ts';
import {
  achternaamSleutel,
  adresSleutel,
  eigenGemeentecode,
  normaliseerHuisnummer,
  normaliseerPostcode,
  routeer,
} from '../gemeenten/index.ts';
import { publiceer } from '../notificaties/index.ts';
import * as store from './store.ts';

/**
 * A resident's objection to early signalling (Wgs, AVG art. 21), per municipality, address and surname: later signals
 * for them are stored as not to be acted on. Kept until the objection is withdrawn.
 */

const eigenCode = (ctx: Context, gemeenteOrgId: string) => eigenGemeentecode(ctx.db.kysely, gemeenteOrgId);

/** A resident objected: later signals for this surname at this address land as 'niet-oppakken' (bezwaar). */
export async function registreerBezwaar(
  ctx: Context,
  actor: Actor,
  gemeenteOrgId: string,
  v: { postcode: string; huisnummer: string; toevoeging?: string | undefined; achternaam: string },
) {
  const code = await eigenCode(ctx, gemeenteOrgId);
  const pc6 = normaliseerPostcode(v.postcode);
  const hnr = normaliseerHuisnummer(v.huisnummer);
  if (!pc6) throw invalidInput('Postcode heeft geen geldig formaat (1234 AB).');
  if (!hnr) throw invalidInput('Huisnummer heeft geen geldig formaat.');
  const naam = achternaamSleutel(v.achternaam);
  if (!naam) throw invalidInput('Achternaam ontbreekt.');
  const [route] = await routeer(ctx.db.kysely, [{ pc6, huisnummer: hnr }]);
  const inGemeente =
    route?.gemeentecode === code || (route && 'kandidaten' in route && route.kandidaten?.includes(code));
  if (!inGemeente) throw invalidInput('Dit adres ligt niet in uw gemeente.');
  const b = await ctx.db.kysely.transaction().execute(async (tx) => {
    const b = await store.maak(tx, {
      gemeentecode: code,
      adres_sleutel: adresSleutel(pc6, hnr, v.toevoeging),
      achternaam_sleutel: naam,
      geregistreerd_door: gemeenteOrgId,
    });
    await publiceer(tx, 'bezwaar.geregistreerd', { bezwaarId: b.id, gemeentecode: code });
    return b;
  });
  await ctx.audit.schrijf({ actor, actie: 'vroegsignaal.bezwaar-registreren', onderwerp: b.id, resultaat: 'ok' });
  return { id: b.id, geregistreerdOp: b.geregistreerd_op };
}

export async function lijstBezwaren(ctx: Context, actor: Actor, gemeenteOrgId: string) {
  const code = await eigenCode(ctx, gemeenteOrgId);
  const rows = await store.lijst(ctx.db.kysely, code);
  if (rows.length > 0)
    await ctx.audit.schrijfVeel(
      rows.map((r) => ({ actor, actie: 'vroegsignaal.bezwaar-lezen', onderwerp: r.id, resultaat: 'ok' })),
    );
  return rows.map((r) => {
    const [postcode, huisnummer, toevoeging] = r.adres_sleutel.split('|');
    return {
      id: r.id,
      postcode: postcode!,
      huisnummer: Number(huisnummer),
      toevoeging: toevoeging || null,
      geregistreerdOp: r.geregistreerd_op,
    };
  });
}

export async function verwijderBezwaar(ctx: Context, actor: Actor, gemeenteOrgId: string, id: string) {
  const code = await eigenCode(ctx, gemeenteOrgId);
  const ok = await store.verwijder(ctx.db.kysely, code, id);
  await ctx.audit.schrijf({
    actor,
    actie: 'vroegsignaal.bezwaar-verwijderen',
    onderwerp: id,
    resultaat: ok ? 'ok' : 'niet-gevonden',
  });
  if (!ok) throw notFound();
}

/**
 * The objection recorded on a case (signaalzaken): one per surname of the case's signals, inside the case's transaction.
 * The caller audits the action on the case.
 */
export async function registreerVoorZaak(
  tx: Kysely<Database>,
  v: { gemeentecode: string; adresSleutel: string; achternamen: string[]; door: string },
) {
  const gezien = new Set<string>();
  for (const achternaam of v.achternamen) {
    const naam = achternaamSleutel(achternaam);
    if (!naam || gezien.has(naam)) continue;
    gezien.add(naam);
    const b = await store.maak(tx, {
      gemeentecode: v.gemeentecode,
      adres_sleutel: v.adresSleutel,
      achternaam_sleutel: naam,
      geregistreerd_door: v.door,
    });
    await publiceer(tx, 'bezwaar.geregistreerd', { bezwaarId: b.id, gemeentecode: v.gemeentecode });
  }
}

/**
 * For the intake: which (municipality, address, surname) of a block of rows have an objection. One query per block;
 * the answer is a check per row.
 */
export async function bezwaarToets(db: Kysely<Database>, adresSleutels: string[]) {
  const set = new Set(
    (await store.opAdressen(db, adresSleutels)).map(
      (b) => `${b.gemeentecode}|${b.adres_sleutel}|${b.achternaam_sleutel}`,
    ),
  );
  return (gemeentecode: string, adres: string, achternaam: string) =>
    set.size > 0 && set.has(`${gemeentecode}|${adres}|${achternaamSleutel(achternaam)}`);
}
