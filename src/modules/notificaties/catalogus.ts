/**
 * The event catalogue: every notification the platform sends. A new event type is one entry here: who may receive it
 * (organisation types, roles), whom one event is for (`doel`), what goes out (`payload`: ids and the minimum, checked
 * by a strict schema), and its Dutch texts. Texts never hold a resident's BSN, name or address: only "there is
 * something for you, log in" and a link.
 */
import { z } from 'zod';
import type { OrganisatieType, Rol } from '../../db/schema.ts';
import type { Kanaal } from './tabellen.ts';

/** Whom an event is for: organisations, the municipality (by code), the platform operator, or named users in them. */
export interface Doel {
  organisaties?: string[];
  gemeentecode?: string;
  beheer?: boolean;
  /** Only these users (they must belong to one of the organisations); webhooks still go to the organisations. */
  gebruikers?: string[];
}

interface Soort<I, P extends z.ZodRawShape> {
  /** Dutch, for the preference and webhook screens. */
  omschrijving: string;
  /** Organisation types that can be in its audience (webhook subscriptions are checked against this). */
  voor: readonly OrganisatieType[];
  /** Roles of people in those organisations who receive it in the app or by e-mail. */
  rollen: readonly Rol[];
  /** Machine clients may subscribe to it. */
  webhook: boolean;
  /** Channel when a person has not chosen. */
  standaard: Kanaal;
  doel: (i: I) => Doel;
  payload: z.ZodObject<P>;
  maak: (i: I) => z.infer<z.ZodObject<P>>;
  /** One event per key (scheduled reminders: a second run or a second node adds nothing). */
  sleutel?: (i: I) => string;
  titel: (p: z.infer<z.ZodObject<P>>) => string;
  tekst: (p: z.infer<z.ZodObject<P>>) => string;
  /** Path in the web app. */
  link: (p: z.infer<z.ZodObject<P>>) => string;
}

const soort = <I, P extends z.ZodRawShape>(s: Soort<I, P>) => s;

const id = z.uuid();
const datum = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const dag = new Intl.DateTimeFormat('nl-NL', { dateStyle: 'long', timeZone: 'Europe/Amsterdam' });
/** 'YYYY-MM-DD' as '12 juni 2026'. */
export const toonDatum = (d: string) => dag.format(new Date(`${d}T12:00:00Z`));
const meervoud = (n: number, een: string, meer: string) => `${n} ${n === 1 ? een : meer}`;

const GEMEENTE_WERK = ['gemeente-medewerker', 'gemeente-coordinator'] as const;
const PARTNER = ['signaalpartner-medewerker', 'signaalpartner-beheerder'] as const;
/** Creditors: their own type, or a signal partner that joined the pause arrangement. */
const SCHULDEISER = ['schuldeiser', 'signaalpartner'] as const;
/** Who manages webhooks and gets told when one fails: the organisation's administrator roles. */
export const WEBHOOK_BEHEER_ROLLEN = [
  'beheerder',
  'gemeente-coordinator',
  'signaalpartner-beheerder',
  'organisatie-beheerder',
] as const satisfies readonly Rol[];

export const CATALOGUS = {
  'signaal.crisis': soort({
    omschrijving: 'Nieuw crisissignaal voor uw gemeente (direct)',
    voor: ['gemeente'],
    rollen: GEMEENTE_WERK,
    webhook: true,
    standaard: 'beide',
    doel: (i: { zaakId: string; gemeentecode: string; deadline: string }) => ({ gemeentecode: i.gemeentecode }),
    payload: z.strictObject({ zaakId: id, deadline: datum }),
    maak: (i) => ({ zaakId: i.zaakId, deadline: i.deadline }),
    titel: (p) => `Nieuw crisissignaal: uiterlijk ${toonDatum(p.deadline)} oppakken`,
    tekst: (p) =>
      `Er is een crisissignaal binnengekomen voor uw gemeente (een bedreigende situatie, zoals een dreigende huisuitzetting of afsluiting). Hiervoor geldt een termijn van 3 werkdagen: pak het uiterlijk ${toonDatum(p.deadline)} op.`,
    link: (p) => `/zaken/${p.zaakId}`,
  }),
  'zaken.termijnen': soort({
    omschrijving: 'Dagelijks overzicht: termijnen die morgen aflopen of al verlopen zijn',
    voor: ['gemeente', 'schuldhulpverlener', 'wijkteam'],
    rollen: [...GEMEENTE_WERK, 'schuldhulpverlener', 'wijkteam'],
    webhook: false,
    standaard: 'beide',
    /** A municipality (its whole queue) by code, or a debt-help organisation / team (the cases assigned to it). */
    doel: (i: { gemeentecode?: string; organisatieId?: string; datum: string; morgen: number; teLaat: number }) =>
      i.organisatieId ? { organisaties: [i.organisatieId] } : { gemeentecode: i.gemeentecode ?? '' },
    payload: z.strictObject({ datum, morgen: z.number().int().min(0), teLaat: z.number().int().min(0) }),
    maak: (i) => ({ datum: i.datum, morgen: i.morgen, teLaat: i.teLaat }),
    sleutel: (i) => `${i.organisatieId ?? i.gemeentecode}|${i.datum}`,
    titel: (p) =>
      `Termijnen: ${meervoud(p.morgen, 'zaak loopt', 'zaken lopen')} morgen af, ${meervoud(p.teLaat, 'zaak is', 'zaken zijn')} te laat`,
    tekst: (p) =>
      `In uw werkvoorraad ${p.morgen === 1 ? 'loopt' : 'lopen'} morgen de termijn van ${meervoud(p.morgen, 'zaak', 'zaken')} af, en ${p.teLaat === 1 ? 'is' : 'zijn'} ${meervoud(p.teLaat, 'zaak', 'zaken')} over de termijn. Pak ze zo snel mogelijk op.`,
    link: () => '/zaken',
  }),
  'signaal.hulp-geaccepteerd': soort({
    omschrijving: 'Hulp geaccepteerd bij een signaal van uw organisatie',
    voor: ['signaalpartner'],
    rollen: PARTNER,
    webhook: true,
    standaard: 'beide',
    doel: (i: { partnerId: string; signalen: string[] }) => ({ organisaties: [i.partnerId] }),
    payload: z.strictObject({ signalen: z.array(id).min(1) }),
    maak: (i) => ({ signalen: i.signalen }),
    titel: (p) => `Hulp geaccepteerd bij ${meervoud(p.signalen.length, 'signaal', 'signalen')}`,
    tekst: () =>
      'Een inwoner heeft het hulpaanbod van de gemeente geaccepteerd naar aanleiding van een signaal van uw organisatie. Schort de incasso 30 dagen op. Log in om te zien om welk signaal het gaat.',
    link: () => '/signalen',
  }),
  'levering.verwerkt': soort({
    omschrijving: 'Signaalbestand verwerkt (upload, API of SFTP), met het verwerkingsrapport',
    voor: ['signaalpartner'],
    rollen: PARTNER,
    webhook: true,
    standaard: 'app',
    doel: (i: {
      partnerId: string;
      leveringId: string;
      bron: 'upload' | 'api' | 'sftp';
      geaccepteerd: number;
      afgewezen: number;
    }) => ({ organisaties: [i.partnerId] }),
    payload: z.strictObject({
      leveringId: id,
      bron: z.enum(['upload', 'api', 'sftp']),
      geaccepteerd: z.number().int().min(0),
      afgewezen: z.number().int().min(0),
    }),
    maak: (i) => ({ leveringId: i.leveringId, bron: i.bron, geaccepteerd: i.geaccepteerd, afgewezen: i.afgewezen }),
    titel: (p) => `Levering verwerkt: ${p.geaccepteerd} geaccepteerd, ${p.afgewezen} afgewezen`,
    tekst: (p) =>
      `Uw signaalbestand (${p.bron}) is verwerkt: ${p.geaccepteerd} geaccepteerd, ${p.afgewezen} afgewezen. Log in om het verwerkingsrapport te bekijken.`,
    link: (p) => `/signalen/leveringen/${p.leveringId}`,
  }),
  'vish.levering-gemist': soort({
    omschrijving: 'Uw dagelijkse VISH-levering ontbreekt',
    voor: ['schuldhulpverlener', 'wijkteam', 'gemeente'],
    rollen: ['schuldhulpverlener', 'wijkteam', 'gemeente-coordinator'],
    webhook: true,
    standaard: 'beide',
    doel: (i: { organisatieId: string; laatsteLevering: string | null }) => ({ organisaties: [i.organisatieId] }),
    payload: z.strictObject({ laatsteLevering: z.string().nullable() }),
    maak: (i) => ({ laatsteLevering: i.laatsteLevering }),
    sleutel: (i) => `${i.organisatieId}|${i.laatsteLevering ?? 'geen'}`,
    titel: () => 'Uw dagelijkse VISH-levering ontbreekt',
    tekst: () =>
      'Er is de afgelopen 24 uur geen nieuwe levering aan de Verwijsindex (VISH) ontvangen. Deurwaarders zien daardoor mogelijk niet dat iemand schuldhulp krijgt. Controleer de dagelijkse levering.',
    link: () => '/vish/leveringen',
  }),
  'vish.levering-gemist-beheer': soort({
    omschrijving: 'Een organisatie levert al 48 uur niet aan VISH (voor de beheerder)',
    voor: ['beheerder'],
    rollen: ['beheerder'],
    webhook: true,
    standaard: 'beide',
    doel: (_i: { organisatieId: string; laatsteLevering: string | null }) => ({ beheer: true }),
    payload: z.strictObject({ organisatieId: id, laatsteLevering: z.string().nullable() }),
    maak: (i) => ({ organisatieId: i.organisatieId, laatsteLevering: i.laatsteLevering }),
    sleutel: (i) => `${i.organisatieId}|${i.laatsteLevering ?? 'geen'}`,
    titel: () => 'Een organisatie levert al 48 uur niet aan VISH',
    tekst: () =>
      'Een aangesloten organisatie heeft al meer dan 48 uur geen nieuwe levering aan de Verwijsindex (VISH) gedaan. Neem contact op met de organisatie.',
    link: () => '/',
  }),
  'convenant.te-ondertekenen': soort({
    omschrijving: 'Een convenant staat klaar om te ondertekenen',
    voor: ['signaalpartner'],
    rollen: PARTNER,
    webhook: true,
    standaard: 'beide',
    doel: (i: { partnerId: string; convenantId: string; gemeentecode: string }) => ({ organisaties: [i.partnerId] }),
    payload: z.strictObject({ convenantId: id, gemeentecode: z.string() }),
    maak: (i) => ({ convenantId: i.convenantId, gemeentecode: i.gemeentecode }),
    titel: () => 'Een convenant staat klaar om te ondertekenen',
    tekst: () =>
      'Een gemeente heeft een convenant voor vroegsignalering voor u klaargezet. Pas na ondertekening kunt u signalen voor die gemeente aanleveren. Log in om het te ondertekenen.',
    link: () => '/convenanten',
  }),
  'convenant.ondertekend': soort({
    omschrijving: 'Een signaalpartner heeft een convenant met uw gemeente ondertekend',
    voor: ['gemeente'],
    rollen: GEMEENTE_WERK,
    webhook: true,
    standaard: 'app',
    doel: (i: { convenantId: string; gemeentecode: string; einddatum: string }) => ({ gemeentecode: i.gemeentecode }),
    payload: z.strictObject({ convenantId: id, einddatum: datum }),
    maak: (i) => ({ convenantId: i.convenantId, einddatum: i.einddatum }),
    titel: (p) => `Convenant ondertekend (loopt tot ${toonDatum(p.einddatum)})`,
    tekst: (p) =>
      `Een signaalpartner heeft een convenant met uw gemeente ondertekend. Het loopt tot ${toonDatum(p.einddatum)}.`,
    link: () => '/convenanten',
  }),
  'convenant.verloopt': soort({
    omschrijving: 'Een convenant verloopt over 60 of 14 dagen',
    voor: ['signaalpartner', 'gemeente'],
    rollen: ['signaalpartner-beheerder', 'signaalpartner-medewerker', 'gemeente-coordinator'],
    webhook: true,
    standaard: 'beide',
    doel: (i: { convenantId: string; partnerId: string; gemeentecode: string; einddatum: string; dagen: number }) => ({
      organisaties: [i.partnerId],
      gemeentecode: i.gemeentecode,
    }),
    payload: z.strictObject({ convenantId: id, einddatum: datum, dagen: z.number().int() }),
    maak: (i) => ({ convenantId: i.convenantId, einddatum: i.einddatum, dagen: i.dagen }),
    sleutel: (i) => `${i.convenantId}|${i.einddatum}|${i.dagen}`,
    titel: (p) => `Convenant verloopt over ${p.dagen} dagen (${toonDatum(p.einddatum)})`,
    tekst: (p) =>
      `Een convenant voor vroegsignalering verloopt op ${toonDatum(p.einddatum)}. Daarna worden signalen onder dit convenant geweigerd. Zorg op tijd voor verlenging.`,
    link: () => '/convenanten',
  }),
  'convenant.verlengd': soort({
    omschrijving: 'Een convenant is verlengd',
    voor: ['signaalpartner', 'gemeente'],
    rollen: ['signaalpartner-beheerder', 'signaalpartner-medewerker', 'gemeente-coordinator'],
    webhook: true,
    standaard: 'app',
    doel: (i: { convenantId: string; partnerId: string; gemeentecode: string; einddatum: string }) => ({
      organisaties: [i.partnerId],
      gemeentecode: i.gemeentecode,
    }),
    payload: z.strictObject({ convenantId: id, einddatum: datum }),
    maak: (i) => ({ convenantId: i.convenantId, einddatum: i.einddatum }),
    titel: (p) => `Convenant verlengd tot ${toonDatum(p.einddatum)}`,
    tekst: (p) => `Een convenant voor vroegsignalering is verlengd. Het loopt nu tot ${toonDatum(p.einddatum)}.`,
    link: () => '/convenanten',
  }),
  'convenant.beeindigd': soort({
    omschrijving: 'Een convenant is beëindigd',
    voor: ['signaalpartner', 'gemeente'],
    rollen: ['signaalpartner-beheerder', 'signaalpartner-medewerker', 'gemeente-coordinator'],
    webhook: true,
    standaard: 'beide',
    doel: (i: {
      convenantId: string;
      partnerId: string;
      gemeentecode: string;
      door: 'partner' | 'gemeente';
      datum: string;
    }) => ({
      organisaties: [i.partnerId],
      gemeentecode: i.gemeentecode,
    }),
    payload: z.strictObject({ convenantId: id, door: z.enum(['partner', 'gemeente']), datum }),
    maak: (i) => ({ convenantId: i.convenantId, door: i.door, datum: i.datum }),
    titel: (p) => `Convenant beëindigd op ${toonDatum(p.datum)}`,
    tekst: (p) =>
      `Een convenant voor vroegsignalering is op ${toonDatum(p.datum)} beëindigd door ${p.door === 'gemeente' ? 'de gemeente' : 'de signaalpartner'}. Signalen onder dit convenant worden vanaf nu geweigerd. Log in om de geschiedenis te bekijken.`,
    link: () => '/convenanten',
  }),
  'convenant.klaar-te-zetten': soort({
    omschrijving: 'Een signaalpartner wil een convenant met uw gemeente: zet het klaar',
    voor: ['gemeente'],
    rollen: GEMEENTE_WERK,
    webhook: true,
    standaard: 'app',
    doel: (i: { convenantId: string; gemeentecode: string }) => ({ gemeentecode: i.gemeentecode }),
    payload: z.strictObject({ convenantId: id }),
    maak: (i) => ({ convenantId: i.convenantId }),
    titel: () => 'Nieuw convenant klaarzetten',
    tekst: () =>
      'Een signaalpartner heeft zich aangemeld voor vroegsignalering in uw gemeente. Zet het convenant klaar, zodat de signaalpartner het kan ondertekenen.',
    link: () => '/convenanten',
  }),
  'signaal.terugval': soort({
    omschrijving: 'Terugval: een nieuw signaal voor een inwoner uit uw (eerdere) traject',
    voor: ['schuldhulpverlener', 'wijkteam', 'gemeente'],
    rollen: ['schuldhulpverlener', 'wijkteam'],
    webhook: true,
    standaard: 'beide',
    doel: (i: { zaakId: string; trajectId: string; organisatieId: string; consulentId: string | null }) => ({
      organisaties: [i.organisatieId],
      ...(i.consulentId ? { gebruikers: [i.consulentId] } : {}),
    }),
    payload: z.strictObject({ zaakId: id, trajectId: id }),
    maak: (i) => ({ zaakId: i.zaakId, trajectId: i.trajectId }),
    titel: () => 'Terugval: nieuw signaal bij een inwoner uit uw traject',
    tekst: () =>
      'Er is een nieuw signaal binnengekomen voor een huishouden dat bij u in een schuldhulptraject zit of zat. De zaak staat in uw werkvoorraad. Log in om contact op te nemen.',
    link: (p) => `/zaken/${p.zaakId}`,
  }),
  'bezwaar.geregistreerd': soort({
    omschrijving: 'Een bezwaar tegen vroegsignalering is geregistreerd',
    voor: ['gemeente'],
    rollen: ['gemeente-coordinator'],
    webhook: true,
    standaard: 'app',
    doel: (i: { bezwaarId: string; gemeentecode: string }) => ({ gemeentecode: i.gemeentecode }),
    payload: z.strictObject({ bezwaarId: id }),
    maak: (i) => ({ bezwaarId: i.bezwaarId }),
    titel: () => 'Bezwaar geregistreerd',
    tekst: () =>
      'Er is een bezwaar tegen vroegsignalering geregistreerd in het bezwarenregister van uw gemeente. Nieuwe signalen voor deze inwoner worden niet opgepakt.',
    link: () => '/bezwaren',
  }),
  'taak.mislukt': soort({
    omschrijving: 'Een geplande taak van het platform is mislukt',
    voor: ['beheerder'],
    rollen: ['beheerder'],
    webhook: true,
    standaard: 'beide',
    doel: (_i: { job: string; runId: number }) => ({ beheer: true }),
    payload: z.strictObject({ job: z.string(), runId: z.number().int() }),
    maak: (i) => ({ job: i.job, runId: i.runId }),
    titel: (p) => `Taak mislukt: ${p.job}`,
    tekst: (p) => `De geplande taak '${p.job}' is mislukt. Bekijk de foutmelding bij Taken.`,
    link: () => '/beheer/taken',
  }),
  'webhook.mislukt': soort({
    omschrijving: 'Een webhook kon 24 uur lang niet worden afgeleverd',
    voor: ['gemeente', 'schuldhulpverlener', 'wijkteam', 'signaalpartner', 'beheerder', 'schuldeiser'],
    rollen: WEBHOOK_BEHEER_ROLLEN,
    webhook: false,
    standaard: 'beide',
    doel: (i: { organisatieId: string; abonnementId: string; gebeurtenisId: string; type: string }) => ({
      organisaties: [i.organisatieId],
    }),
    payload: z.strictObject({ abonnementId: id, gebeurtenisId: id, type: z.string() }),
    maak: (i) => ({ abonnementId: i.abonnementId, gebeurtenisId: i.gebeurtenisId, type: i.type }),
    titel: () => 'Webhook niet afgeleverd',
    tekst: () =>
      'Een webhook-bericht van uw organisatie kon 24 uur lang niet worden afgeleverd en is als mislukt gemarkeerd. Controleer uw ontvanger en verstuur het bericht opnieuw.',
    link: () => '/webhooks',
  }),
  'pauzeknop.aanmelding': soort({
    omschrijving: 'Een inwoner vraagt via de Pauzeknop om hulp bij schulden (aanmelding in de werkvoorraad)',
    voor: ['gemeente'],
    rollen: GEMEENTE_WERK,
    webhook: true,
    standaard: 'beide',
    doel: (i: { aanmeldingId: string; gemeentecode: string; deadline: string; dreigend: boolean }) => ({
      gemeentecode: i.gemeentecode,
    }),
    payload: z.strictObject({ aanmeldingId: id, deadline: datum, dreigend: z.boolean() }),
    maak: (i) => ({ aanmeldingId: i.aanmeldingId, deadline: i.deadline, dreigend: i.dreigend }),
    titel: (p) => `Nieuwe aanmelding via de Pauzeknop: uiterlijk ${toonDatum(p.deadline)} contact opnemen`,
    tekst: (p) =>
      `Een inwoner van uw gemeente heeft via de Pauzeknop om hulp bij schulden gevraagd${p.dreigend ? ', in een bedreigende situatie (termijn 3 werkdagen)' : ''}. Neem uiterlijk ${toonDatum(p.deadline)} contact op. Log in om de aanmelding te zien.`,
    link: () => '/zaken',
  }),
  // Schuldenrust (issue 16): to the creditor, only the Kennisgeving's id and the pause's end; it reads the rest with
  // its own credential. Never a BSN, name or other creditor.
  'schuldenrust.kennisgeving': soort({
    omschrijving: 'Nieuwe kennisgeving schuldenrust: schort de incasso op',
    voor: SCHULDEISER,
    rollen: ['schuldeiser-medewerker'],
    webhook: true,
    standaard: 'beide',
    doel: (i: { kennisgevingId: string; schuldeiserId: string; einddatum: string }) => ({
      organisaties: [i.schuldeiserId],
    }),
    payload: z.strictObject({ kennisgevingId: id, einddatum: datum }),
    maak: (i) => ({ kennisgevingId: i.kennisgevingId, einddatum: i.einddatum }),
    sleutel: (i) => i.kennisgevingId,
    titel: (p) => `Kennisgeving schuldenrust: incasso opschorten tot ${toonDatum(p.einddatum)}`,
    tekst: (p) =>
      `Iemand met een vordering bij uw organisatie is toegelaten tot schuldhulpverlening. Schort de incasso op tot ${toonDatum(p.einddatum)}. Log in om te zien om welke vordering het gaat en om de ontvangst te bevestigen.`,
    link: (p) => `/schuldenrust/ontvangen/${p.kennisgevingId}`,
  }),
  'schuldenrust.pauze-gewijzigd': soort({
    omschrijving: 'Een schuldenrust is verlengd of beëindigd',
    voor: SCHULDEISER,
    rollen: ['schuldeiser-medewerker'],
    webhook: true,
    standaard: 'beide',
    doel: (i: {
      kennisgevingId: string;
      schuldeiserId: string;
      status: 'verlengd' | 'beeindigd';
      einddatum: string;
      wijzigingId: string;
    }) => ({ organisaties: [i.schuldeiserId] }),
    payload: z.strictObject({ kennisgevingId: id, status: z.enum(['verlengd', 'beeindigd']), einddatum: datum }),
    maak: (i) => ({ kennisgevingId: i.kennisgevingId, status: i.status, einddatum: i.einddatum }),
    sleutel: (i) => `${i.kennisgevingId}|${i.wijzigingId}`,
    titel: (p) =>
      p.status === 'verlengd'
        ? `Schuldenrust verlengd tot ${toonDatum(p.einddatum)}`
        : `Schuldenrust beëindigd per ${toonDatum(p.einddatum)}`,
    tekst: (p) =>
      p.status === 'verlengd'
        ? `Een schuldenrust waarvoor u een kennisgeving kreeg, is verlengd. Schort de incasso op tot ${toonDatum(p.einddatum)}. Log in voor de details.`
        : `Een schuldenrust waarvoor u een kennisgeving kreeg, is beëindigd per ${toonDatum(p.einddatum)}. Log in voor de details.`,
    link: (p) => `/schuldenrust/ontvangen/${p.kennisgevingId}`,
  }),
  'schuldenrust.herinnering': soort({
    omschrijving: 'Herinnering: een kennisgeving schuldenrust is nog niet beantwoord',
    voor: SCHULDEISER,
    rollen: ['schuldeiser-medewerker'],
    webhook: true,
    standaard: 'beide',
    doel: (i: { kennisgevingId: string; schuldeiserId: string; einddatum: string }) => ({
      organisaties: [i.schuldeiserId],
    }),
    payload: z.strictObject({ kennisgevingId: id, einddatum: datum }),
    maak: (i) => ({ kennisgevingId: i.kennisgevingId, einddatum: i.einddatum }),
    sleutel: (i) => i.kennisgevingId,
    titel: () => 'Herinnering: kennisgeving schuldenrust nog niet beantwoord',
    tekst: (p) =>
      `U heeft een kennisgeving schuldenrust nog niet beantwoord. Schort de incasso op tot ${toonDatum(p.einddatum)} en bevestig dat. Log in om te antwoorden.`,
    link: (p) => `/schuldenrust/ontvangen/${p.kennisgevingId}`,
  }),
  'schuldenrust.antwoord': soort({
    omschrijving: 'Een schuldeiser heeft een kennisgeving schuldenrust beantwoord',
    voor: ['schuldhulpverlener', 'wijkteam', 'gemeente'],
    rollen: ['schuldhulpverlener', 'wijkteam'],
    webhook: true,
    standaard: 'app',
    doel: (i: {
      trajectId: string;
      organisatieId: string;
      consulentId: string | null;
      antwoord: 'erkend' | 'geen-vordering' | 'deurwaarder';
    }) => ({ organisaties: [i.organisatieId], ...(i.consulentId ? { gebruikers: [i.consulentId] } : {}) }),
    payload: z.strictObject({ trajectId: id, antwoord: z.enum(['erkend', 'geen-vordering', 'deurwaarder']) }),
    maak: (i) => ({ trajectId: i.trajectId, antwoord: i.antwoord }),
    titel: (p) =>
      p.antwoord === 'erkend'
        ? 'Schuldeiser bevestigt: incasso opgeschort'
        : p.antwoord === 'deurwaarder'
          ? 'Schuldeiser meldt: vordering ligt bij een deurwaarder'
          : 'Schuldeiser meldt: geen vordering onder dit kenmerk',
    tekst: () => 'Een schuldeiser heeft de kennisgeving schuldenrust beantwoord. Log in om het antwoord te zien.',
    link: (p) => `/schuldenrust/trajecten/${p.trajectId}`,
  }),
  'schuldenrust.vordering': soort({
    omschrijving: 'Een gerechtsdeurwaarder heeft een vordering gestuurd voor de schuldenlijst van een traject',
    voor: ['schuldhulpverlener', 'wijkteam', 'gemeente'],
    rollen: ['schuldhulpverlener', 'wijkteam'],
    webhook: true,
    standaard: 'app',
    doel: (i: { trajectId: string; organisatieId: string; consulentId: string | null }) => ({
      organisaties: [i.organisatieId],
      ...(i.consulentId ? { gebruikers: [i.consulentId] } : {}),
    }),
    payload: z.strictObject({ trajectId: id }),
    maak: (i) => ({ trajectId: i.trajectId }),
    titel: () => 'Nieuwe vordering van een deurwaarder',
    tekst: () =>
      'Een gerechtsdeurwaarder heeft een vordering gestuurd. Die staat nu in de schuldenlijst van het traject. Log in om hem te zien.',
    link: (p) => `/schuldenrust/trajecten/${p.trajectId}`,
  }),
};

export type GebeurtenisType = keyof typeof CATALOGUS;
export const GEBEURTENIS_TYPEN = Object.keys(CATALOGUS) as GebeurtenisType[];
/** What the emitter passes for an event of type T. */
export type Invoer<T extends GebeurtenisType> = Parameters<(typeof CATALOGUS)[T]['doel']>[0];

/** An entry seen from a stored type name: the payload is checked again by its schema before the texts use it. */
export interface AlgemeneSoort {
  omschrijving: string;
  voor: readonly OrganisatieType[];
  rollen: readonly Rol[];
  webhook: boolean;
  standaard: Kanaal;
  payload: { parse(d: unknown): unknown };
  titel(p: unknown): string;
  tekst(p: unknown): string;
  link(p: unknown): string;
}

/** The entry of a stored type name (the worker reads types back from the database). */
export function soortVan(type: string): AlgemeneSoort | undefined {
  return Object.hasOwn(CATALOGUS, type) ? (CATALOGUS as unknown as Record<string, AlgemeneSoort>)[type] : undefined;
}
