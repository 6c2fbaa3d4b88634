import { AppError } from '../../../shared/errors.ts';

/** Stage 5, report: what the partner gets back per delivery (upload, API, SFTP), stored with the delivery. */
export interface Rapport {
  leveringId: string;
  bron: 'upload' | 'api' | 'sftp';
  bestandsnaam: string | null;
  ontvangenOp: string;
  regels: number;
  geaccepteerd: number;
  nieuw: number;
  herhaling: number;
  perGemeente: { gemeentecode: string; gemeentenaam: string; nieuw: number; herhaling: number }[];
  afgewezenAantal: number;
  afgewezen: { regel: number; reden: string; klantnummer?: string }[];
}

const MAX_AFGEWEZEN_IN_RAPPORT = 10_000;

export const REDEN_DOET_NIET_MEE = 'Gemeente doet niet mee aan vroegsignalering';
export const REDEN_GEEN_CONVENANT = 'Geen ondertekende, geldige overeenkomst met deze gemeente';
export const REDEN_GEEN_MANDAAT = 'Geen (geldig) mandaat van deze opdrachtgever';
export const REDEN_MVI =
  'Verklaar eerst dat u voor dit signaal de stappen van maatschappelijk verantwoord incasseren hebt gezet. Ontbreekt';
export const REDEN_DUBBEL = 'Dit adres staat al eerder in dit bestand voor dezelfde sector';

/** The rejected rows of a delivery, from every stage: line, reason, customer number (never the surname). */
export class Afwijzingen {
  private readonly rijen: { regel: number; reden: string; klantnummer?: string }[] = [];
  wijs(r: { regel: number; klantnummer?: string | null | undefined }, reden: string) {
    this.rijen.push({ regel: r.regel, reden, ...(r.klantnummer ? { klantnummer: r.klantnummer } : {}) });
  }
  get aantal() {
    return this.rijen.length;
  }
  /** In line order, at most MAX_AFGEWEZEN_IN_RAPPORT. */
  lijst() {
    return this.rijen.sort((a, b) => a.regel - b.regel).slice(0, MAX_AFGEWEZEN_IN_RAPPORT);
  }
}

/**
 * The report of a stored delivery: accepted per municipality (new or repeat for the partner) and the rejected rows.
 * An objection is the municipality's business: the partner's report shows such a signal as accepted.
 */
export function maakRapport(
  levering: { id: string; ontvangen_op: Date | string; bron: Rapport['bron']; bestandsnaam: string | null },
  regels: number,
  opgeslagen: { gemeentecode: string; nieuw: boolean }[],
  gemeentenaam: (code: string) => string,
  afgewezen: Afwijzingen,
): Rapport {
  const per = new Map<string, { nieuw: number; herhaling: number }>();
  let nieuw = 0;
  for (const s of opgeslagen) {
    const t = per.get(s.gemeentecode) ?? per.set(s.gemeentecode, { nieuw: 0, herhaling: 0 }).get(s.gemeentecode)!;
    if (s.nieuw) {
      t.nieuw++;
      nieuw++;
    } else t.herhaling++;
  }
  return {
    leveringId: levering.id,
    bron: levering.bron,
    bestandsnaam: levering.bestandsnaam,
    ontvangenOp: new Date(levering.ontvangen_op).toISOString(),
    regels,
    geaccepteerd: opgeslagen.length,
    nieuw,
    herhaling: opgeslagen.length - nieuw,
    perGemeente: [...per]
      .map(([code, t]) => ({ gemeentecode: code, gemeentenaam: gemeentenaam(code), ...t }))
      .sort((a, b) => a.gemeentenaam.localeCompare(b.gemeentenaam, 'nl')),
    afgewezenAantal: afgewezen.aantal,
    afgewezen: afgewezen.lijst(),
  };
}

/** The stored answer to an earlier API delivery with the same idempotency key; another body is refused. */
export function herhaal(l: { verzoek_hash: string | null; rapport: unknown }, hash: string): Rapport {
  if (l.verzoek_hash !== hash) {
    throw new AppError(
      422,
      'idempotentie_conflict',
      'Deze Idempotency-Key is al gebruikt voor een ander verzoek. Gebruik een nieuwe sleutel.',
    );
  }
  return (typeof l.rapport === 'string' ? JSON.parse(l.rapport) : l.rapport) as Rapport;
}
