import type { Config } from '../../config.ts';
import { maandenTerug } from '../../shared/datum.ts';

/**
 * Signals whose last report is older than this are deleted when not picked up, and no longer exist for the partner in
 * any state (so the partner cannot tell which ones the municipality still keeps).
 */
export const signaalGrens = (c: Pick<Config, 'SIGNAAL_BEWAARTERMIJN_MAANDEN'>, nu: Date) =>
  maandenTerug(nu, c.SIGNAAL_BEWAARTERMIJN_MAANDEN);

const DAG = 86_400_000;

/** The cut-offs of every period enforced by the retention job at `nu`: data older than its cut-off goes. */
export function grenzen(c: Config, nu: Date) {
  return {
    signalen: {
      nietOpgepakt: signaalGrens(c, nu),
      inBehandeling: maandenTerug(nu, 12 * c.TRAJECT_BEWAARTERMIJN_JAREN),
    },
    leveringen: maandenTerug(nu, c.SIGNAAL_BEWAARTERMIJN_MAANDEN),
    sessies: new Date(nu.getTime() - c.SESSIE_BEWAARTERMIJN_DAGEN * DAG),
    jobRuns: new Date(nu.getTime() - c.JOBRUN_BEWAARTERMIJN_DAGEN * DAG),
    audit: maandenTerug(nu, c.AUDIT_BEWAARTERMIJN_MAANDEN),
  };
}

/** One kind of personal data: how long it is kept, why, and what happens after. */
export interface Bewaartermijn {
  soort: string;
  gegevens: string;
  termijn: string;
  na: 'verwijderen' | 'anonimiseren' | 'niets (tot intrekking)';
  reden: string;
  instelling: string | null;
}

/**
 * All retention periods in one place (config-driven). The job `bewaartermijnen` (handhaving.ts)
 * enforces each row; the README lists this table.
 */
export function bewaartermijnen(c: Config): Bewaartermijn[] {
  return [
    {
      soort: 'vish',
      gegevens: "VISH-leveringen: pseudoniemen van BSN's, fase, startdatum, contactgegevens hulpverlener",
      termijn: `${c.VISH_BEWAARTERMIJN_DAGEN} dagen na activering (of eerder: vervangen door de volgende levering)`,
      na: 'verwijderen',
      reden:
        'VISH-afspraak (SNG): elke levering vervangt de vorige volledig; na 7 dagen zonder nieuwe levering worden de gegevens automatisch verwijderd.',
      instelling: 'VISH_BEWAARTERMIJN_DAGEN',
    },
    {
      soort: 'vroegsignalen',
      gegevens: 'Vroegsignalen die niet (meer) in behandeling zijn: naam, adres, contactgegevens, achterstand',
      termijn: `${c.SIGNAAL_BEWAARTERMIJN_MAANDEN} maanden na de laatste melding`,
      na: 'verwijderen',
      reden:
        'Wgs art. 3a: gegevens alleen voor het doen van een hulpaanbod. De gemeente moet binnen 4 weken handelen; een signaal dat niet wordt opgepakt verliest daarna zijn doel. Een ingetrokken, nog niet opgepakt signaal wordt direct verwijderd (LCV).',
      instelling: 'SIGNAAL_BEWAARTERMIJN_MAANDEN',
    },
    {
      soort: 'vroegsignalen-in-behandeling',
      gegevens: 'Vroegsignalen die in behandeling zijn of waren (ook van een afgesloten signaalzaak)',
      termijn: `${c.TRAJECT_BEWAARTERMIJN_JAREN} jaar na de laatste melding`,
      na: 'verwijderen',
      reden: 'Onderdeel van het schuldhulpdossier: zelfde termijn als een schuldhulptraject (5 jaar, seed 003).',
      instelling: 'TRAJECT_BEWAARTERMIJN_JAREN',
    },
    {
      soort: 'vroegsignaalzaken',
      gegevens: 'Signaalzaken: adres, contactpogingen, historie, resultaat',
      termijn: 'zolang er een signaal van de zaak bewaard is',
      na: 'verwijderen',
      reden: 'Een zaak bestaat alleen om zijn signalen op te volgen; zonder signalen zou alleen een adres overblijven.',
      instelling: null,
    },
    {
      soort: 'vroegsignaal-leveringen',
      gegevens: 'Ontvangstrapporten van signaalbestanden (aantallen, afgewezen regels met reden)',
      termijn: `${c.SIGNAAL_BEWAARTERMIJN_MAANDEN} maanden, zodra er geen signaal uit die levering meer bewaard is`,
      na: 'verwijderen',
      reden: 'Alleen nodig zolang de signalen uit de levering bestaan.',
      instelling: 'SIGNAAL_BEWAARTERMIJN_MAANDEN',
    },
    {
      soort: 'trajecten',
      gegevens: 'Schuldhulptrajecten: BSN (pseudoniem en versleuteld), naam, adres, consulent, schuldeisers',
      termijn: `${c.TRAJECT_BEWAARTERMIJN_JAREN} jaar na afsluiting (ondernemer: ${c.TRAJECT_BEWAARTERMIJN_ONDERNEMER_JAREN} jaar)`,
      na: 'anonimiseren',
      reden:
        'Bewaartermijn schuldhulpdossier in principe 5 jaar, 7 voor een ondernemer (seed 003); daarna vernietigen of anonimiseren. Fasen en data blijven anoniem voor de statistiek (DDAS).',
      instelling: 'TRAJECT_BEWAARTERMIJN_JAREN, TRAJECT_BEWAARTERMIJN_ONDERNEMER_JAREN',
    },
    {
      soort: 'schuldenrust',
      gegevens:
        'Schuldenrust: schuldenlijst (schuldeiser, kenmerk, bedrag, adres), pauzes, kennisgevingen en antwoorden (naam deurwaarder), historie',
      termijn: 'zolang het schuldhulptraject bewaard wordt (zelfde termijn)',
      na: 'anonimiseren',
      reden:
        'Onderdeel van het schuldhulpdossier: volgt het traject. Na anonimisering van het traject verdwijnen kenmerk, bedrag, adres en namen; data en antwoorden blijven anoniem voor de rapportage.',
      instelling: 'TRAJECT_BEWAARTERMIJN_JAREN, TRAJECT_BEWAARTERMIJN_ONDERNEMER_JAREN',
    },
    {
      soort: 'bezwaren',
      gegevens: 'Bezwaren tegen vroegsignalering (adres en achternaamsleutel)',
      termijn: 'tot de inwoner het bezwaar intrekt',
      na: 'niets (tot intrekking)',
      reden:
        'Een bezwaar moet blijven werken: latere signalen voor deze inwoner worden niet opgepakt (Wgs, AVG art. 21).',
      instelling: null,
    },
    {
      soort: 'audit',
      gegevens: 'Auditlog: wie wat wanneer heeft ingezien of gewijzigd (pseudoniemverwijzing, nooit een BSN of naam)',
      termijn: `${c.AUDIT_BEWAARTERMIJN_MAANDEN} maanden`,
      na: 'verwijderen',
      reden:
        'Verantwoording (BIO 12.4 logging) en het beantwoorden van inzageverzoeken (AVG art. 15: wie heeft mijn gegevens bekeken). Het begin van de keten wordt vastgelegd zodat de rest controleerbaar blijft.',
      instelling: 'AUDIT_BEWAARTERMIJN_MAANDEN',
    },
    {
      soort: 'pauzeknop-aanmeldingen',
      gegevens:
        'Aanmeldingen via de Pauzeknop: BSN-pseudoniem, postcode en huisnummer, telefoon, e-mail, schuldeisers, bedreigende situatie, toestemming',
      termijn: `zoals signaalzaken: niet opgepakt ${c.SIGNAAL_BEWAARTERMIJN_MAANDEN} maanden, opgepakt ${c.TRAJECT_BEWAARTERMIJN_JAREN} jaar na ontvangst`,
      na: 'verwijderen',
      reden:
        'Wgs art. 3: de gemeente doet binnen 4 weken (3 werkdagen bij een bedreigende situatie) een hulpaanbod. Een opgepakte aanmelding hoort bij het schuldhulpdossier (5 jaar, seed 003).',
      instelling: 'SIGNAAL_BEWAARTERMIJN_MAANDEN, TRAJECT_BEWAARTERMIJN_JAREN',
    },
    {
      soort: 'pauzeknop-sessies',
      gegevens: 'Sessies van inwoners (BSN-pseudoniem, tijdstippen) en onafgemaakte inlogpogingen',
      termijn: `${c.SESSIE_BEWAARTERMIJN_DAGEN} dagen na het einde; inlogpogingen na 10 minuten`,
      na: 'verwijderen',
      reden: 'Alleen nodig voor beveiligingsonderzoek kort na het gebruik; het auditlog bewaart de aanmeldingen.',
      instelling: 'SESSIE_BEWAARTERMIJN_DAGEN',
    },
    {
      soort: 'sessies',
      gegevens:
        'Beëindigde of verlopen sessies van gebruikers (tijdstippen) en verlopen links om een wachtwoord te herstellen (alleen een hash)',
      termijn: `${c.SESSIE_BEWAARTERMIJN_DAGEN} dagen na het einde`,
      na: 'verwijderen',
      reden: 'Alleen nodig voor beveiligingsonderzoek kort na het gebruik; het auditlog bewaart de aanmeldingen.',
      instelling: 'SESSIE_BEWAARTERMIJN_DAGEN',
    },
    {
      soort: 'job-runs',
      gegevens: 'Uitvoeringen van geplande taken (aantallen, foutmeldingen)',
      termijn: `${c.JOBRUN_BEWAARTERMIJN_DAGEN} dagen`,
      na: 'verwijderen',
      reden: "Bedrijfsvoering; bevat geen persoonsgegevens, wel organisatie-id's.",
      instelling: 'JOBRUN_BEWAARTERMIJN_DAGEN',
    },
  ];
}
