/** Contact formats, the same as a VISH delivery accepts (a counsellor's contact goes into the VISH feed). */
export { EMAIL, TELEFOON } from '../../shared/contact.ts';

// --- Dates that must be true. Each rule returns the Dutch reasons it refuses (empty: fine); they run on every
// entry (API, import, web form: all through service.ts) and on the stored data (`npm run cli -- ddas datumcontrole`).

/** The DDAS parts as far as the date rules need them (the stored JSON of `trajecten.ddas`). */
interface Periode {
  startdatum?: string | undefined;
  einddatum?: string | undefined;
}
export interface TrajectDatums {
  startdatum: string;
  einddatum?: string | null | undefined;
  ddas: {
    toekenningsdatum?: string | undefined;
    aanmelding?: Periode | undefined;
    informatieEnAdvies?: Periode | undefined;
    intake?: (Periode & { beschikkingsdatum?: string | undefined }) | undefined;
    planVanAanpak?: { datumAfronding?: string | undefined } | undefined;
    stabilisatie?: Periode | undefined;
    schuldregeling?:
      | {
          datum?: string | undefined;
          toegekend?: string | undefined;
          afgewezen?: string | undefined;
          ingetrokken?: string | undefined;
          datumVerzoekDwangakkoord?: string | undefined;
        }
      | undefined;
    oplossing?: Periode | undefined;
    begeleiding?: Periode[] | undefined;
    nazorg?: Periode | undefined;
    uitstroom?: { datum?: string | undefined; datumBeeindigingsbeschikking?: string | undefined } | undefined;
    crisisinterventies?: Periode[] | undefined;
    moratoria?:
      | Array<Periode & { datumAanvraag?: string | undefined; datumGoedkeuring?: string | undefined }>
      | undefined;
    voorlopigeVoorzieningen?: Periode[] | undefined;
    schulden?: Array<{ peildatum?: string | undefined }> | undefined;
  };
}

/** Parts that have a start and an end, with the name a person reads. */
function perioden(d: TrajectDatums['ddas']): Array<[string, Periode]> {
  const lijst = (naam: string, ps: Periode[] | undefined) =>
    (ps ?? []).map((p, i): [string, Periode] => [ps!.length > 1 ? `${naam} ${i + 1}` : naam, p]);
  return [
    ['de aanmelding', d.aanmelding ?? {}],
    ['informatie en advies', d.informatieEnAdvies ?? {}],
    ['de intake', d.intake ?? {}],
    ['de stabilisatiefase', d.stabilisatie ?? {}],
    ['de oplossing', d.oplossing ?? {}],
    ['de nazorg', d.nazorg ?? {}],
    ...lijst('de begeleiding', d.begeleiding),
    ...lijst('de crisisinterventie', d.crisisinterventies),
    ...lijst('het moratorium', d.moratoria),
    ...lijst('de voorlopige voorziening', d.voorlopigeVoorzieningen),
  ];
}

const hoofdletter = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The trajectory cannot start in the future. */
export function trajectStartNietInToekomst(t: TrajectDatums, vandaag: string): string[] {
  return t.startdatum > vandaag ? [`De startdatum van het traject (${t.startdatum}) ligt in de toekomst.`] : [];
}

/** A part cannot end before it starts (e.g. an intake that ends before it begins), nor the trajectory itself. */
export function eindeNietVoorStart(t: TrajectDatums): string[] {
  const fouten = perioden(t.ddas).flatMap(([naam, p]) =>
    p.startdatum && p.einddatum && p.einddatum < p.startdatum
      ? [`${hoofdletter(naam)} eindigt (${p.einddatum}) voordat die begint (${p.startdatum}).`]
      : [],
  );
  if (t.einddatum && t.einddatum < t.startdatum)
    fouten.push(`Het traject eindigt (${t.einddatum}) voor de startdatum (${t.startdatum}).`);
  return fouten;
}

/** No phase, decision or exit before the trajectory started (e.g. a stabilisation phase in 2020 in a trajectory of 2026). */
export function nietVoorTrajectstart(t: TrajectDatums): string[] {
  const d = t.ddas;
  const data: Array<[string, string | undefined]> = [
    ...perioden(d).map(([naam, p]): [string, string | undefined] => [`${naam} begint`, p.startdatum]),
    ['de beschikking is gedateerd', d.intake?.beschikkingsdatum],
    ['het plan van aanpak is afgerond', d.planVanAanpak?.datumAfronding],
    ['de schuldregeling is gestart', d.schuldregeling?.datum],
    ['de uitstroom is', d.uitstroom?.datum],
  ];
  return data.flatMap(([wat, datum]) =>
    datum && datum < t.startdatum
      ? [`${hoofdletter(wat)} op ${datum}, voor de start van het traject (${t.startdatum}).`]
      : [],
  );
}

/**
 * What has happened cannot be in the future: every start, decision, request, exit and reference date, and the end
 * of aanmelding, informatie en advies and intake. A planned end (stabilisation, solution, aftercare, guidance,
 * crisis intervention, moratorium, provision) may be in the future.
 */
export function geenGebeurtenisInToekomst(t: TrajectDatums, vandaag: string): string[] {
  const d = t.ddas;
  const s = d.schuldregeling;
  const data: Array<[string, string | undefined | null]> = [
    ...perioden(d).map(([naam, p]): [string, string | undefined] => [`de start van ${naam}`, p.startdatum]),
    ['het einde van de aanmelding', d.aanmelding?.einddatum],
    ['het einde van informatie en advies', d.informatieEnAdvies?.einddatum],
    ['het einde van de intake', d.intake?.einddatum],
    ['de toekenningsdatum', d.toekenningsdatum],
    ['de beschikkingsdatum', d.intake?.beschikkingsdatum],
    ['de afronding van het plan van aanpak', d.planVanAanpak?.datumAfronding],
    ['de start van de schuldregeling', s?.datum],
    ['de toekenning van de schuldregeling', s?.toegekend],
    ['de afwijzing van de schuldregeling', s?.afgewezen],
    ['de intrekking van de schuldregeling', s?.ingetrokken],
    ['het verzoek om een dwangakkoord', s?.datumVerzoekDwangakkoord],
    ...(d.moratoria ?? []).flatMap(
      (m): Array<[string, string | undefined]> => [
        ['de aanvraag van het moratorium', m.datumAanvraag],
        ['de goedkeuring van het moratorium', m.datumGoedkeuring],
      ],
    ),
    ['de uitstroom', d.uitstroom?.datum ?? t.einddatum],
    ['de beëindigingsbeschikking', d.uitstroom?.datumBeeindigingsbeschikking],
    ...(d.schulden ?? []).map((x): [string, string | undefined] => ['de peildatum van een schuld', x.peildatum]),
  ];
  return data.flatMap(([wat, datum]) =>
    datum && datum > vandaag ? [`${hoofdletter(wat)} (${datum}) ligt in de toekomst.`] : [],
  );
}

/** Every date rule of a trajectory, in order. */
export function datumFouten(t: TrajectDatums, vandaag: string): string[] {
  return [
    ...trajectStartNietInToekomst(t, vandaag),
    ...eindeNietVoorStart(t),
    ...nietVoorTrajectstart(t),
    ...geenGebeurtenisInToekomst(t, vandaag),
  ];
}
