import type { Context } from '../../context.ts';
import { normaliseBsn } from '../../shared/bsn.ts';
import { invalidInput } from '../../shared/errors.ts';
import { type Actor, auditOver } from '../audit/index.ts';
import { bezwarenVoorInzage } from '../bezwaren/index.ts';
import {
  achternaamSleutel,
  adresSleutel,
  gemeentecodeVanOrganisatie,
  normaliseerHuisnummer,
  normaliseerPostcode,
} from '../gemeenten/index.ts';
import { organisatieNamen } from '../organisaties/index.ts';
import { signalenVoorInzage } from '../signaalzaken/index.ts';
import { trajectenVoorInzage } from '../trajecten/index.ts';

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
 * Subject access report (AVG art. 15): which organisations hold, or looked up, data on this person. Each module answers
 * for its own data (its face); this module only combines the answers.
 * By BSN: VISH deliveries (in-memory index), VISH checks (audit reference under every key),
 * trajectories (pseudonym). By address + surname: early signals, objections, trajectories.
 * `organisatieId` limits it to one organisation (a privacy officer); null: everything (operator).
 * The answer never contains the BSN, the name or the address.
 */
export async function inzageRapport(ctx: Context, actor: Actor, vraag: InzageVraag, organisatieId: string | null) {
  const db = ctx.db.kysely;
  const bsn = vraag.bsn !== undefined ? normaliseBsn(vraag.bsn) : null;
  if (vraag.bsn !== undefined && !bsn) throw invalidInput('Het BSN is niet geldig (9 cijfers, elfproef).');
  let adres: { sleutel: string; naam: string; postcode: string; huisnummer: number; achternaam: string } | null = null;
  if (vraag.adres) {
    const pc = normaliseerPostcode(vraag.adres.postcode);
    const hn = normaliseerHuisnummer(vraag.adres.huisnummer);
    if (!pc || hn === null) throw invalidInput('Postcode of huisnummer is niet geldig.');
    adres = {
      sleutel: adresSleutel(pc, hn, vraag.adres.toevoeging),
      naam: achternaamSleutel(vraag.adres.achternaam),
      postcode: pc,
      huisnummer: hn,
      achternaam: vraag.adres.achternaam,
    };
  }
  if (!bsn && !adres) throw invalidInput('Geef een BSN of een adres met achternaam op.');

  const orgNamen = await organisatieNamen(db);
  const eigenNaam = organisatieId ? (orgNamen.get(organisatieId) ?? null) : null;
  const uit: Vindplaats[] = [];
  const onderwerpen: string[] = [];
  const traject = (t: { id: string; organisatie_id: string; bijgewerkt_op: Date }) => {
    if (onderwerpen.includes(t.id)) return;
    onderwerpen.push(t.id);
    uit.push({
      soort: 'traject',
      organisatie: orgNamen.get(t.organisatie_id) ?? null,
      aantal: 1,
      laatste: iso(t.bijgewerkt_op),
      toelichting: 'Schuldhulptraject (dossier).',
    });
  };

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
    const checks = await auditOver(db, ctx.pseudo.auditVerwijzingen(bsn), organisatieId ?? undefined);
    groepeer(
      uit,
      checks.filter((c) => c.actie.startsWith('vish.')),
      'vish-controle',
      'Heeft gecontroleerd of deze persoon in de Verwijsindex staat.',
    );
    const pseudoniemen = ctx.pseudo.sleutelIds().map((id) => ctx.pseudo.pseudoniem(bsn, id));
    for (const t of await trajectenVoorInzage(db, { pseudoniemen }, organisatieId)) traject(t);
  }
  if (adres) {
    const gemeentecode = organisatieId ? await gemeentecodeVanOrganisatie(db, organisatieId) : null;
    const signalen = await signalenVoorInzage(
      db,
      adres.sleutel,
      organisatieId ? { organisatieId, gemeentecode } : null,
    );
    for (const s of signalen.filter((s) => achternaamSleutel(s.achternaam) === adres.naam)) {
      onderwerpen.push(s.id);
      uit.push({
        soort: 'vroegsignaal',
        organisatie: orgNamen.get(s.partner_id) ?? null,
        aantal: 1,
        laatste: iso(s.ontvangen_op),
        toelichting: `Betalingsachterstand gemeld voor gemeente ${s.gemeentecode}.`,
      });
    }
    for (const b of await bezwarenVoorInzage(db, adres.sleutel, adres.naam, organisatieId)) {
      uit.push({
        soort: 'bezwaar',
        organisatie: orgNamen.get(b.geregistreerd_door) ?? b.gemeentecode,
        aantal: 1,
        laatste: iso(b.geregistreerd_op),
        toelichting: 'Bezwaar tegen vroegsignalering geregistreerd.',
      });
    }
    const a = { postcode: adres.postcode, huisnummer: adres.huisnummer, achternaam: adres.achternaam };
    for (const t of await trajectenVoorInzage(db, { adres: a }, organisatieId)) traject(t);
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
