import type { Db } from '../../db/connection.ts';
import { normaliseBsn } from '../../shared/bsn.ts';
import { csvRegel } from '../../shared/csv-bron.ts';
import { invalidInput } from '../../shared/errors.ts';
import type { Actor, AuditLog } from '../audit/index.ts';
import type { Treffer, VishIndex } from './vish-index.ts';
import type { VishOmgeving } from './omgeving.ts';
import type { Pseudonimiseerder } from './pseudoniem.ts';
import type { BronRegel } from './levering.ts';

/**
 * Active collection pauses (schuldenrust) by BSN pseudonym under the current key, handed in by the composition root
 * (the schuldenrust module depends on trajectories, which depend on this module). `vers` once per check or batch,
 * then `tot` per BSN: a lookup in memory.
 */
export interface RustOpzoeker {
  vers(): Promise<void>;
  tot(pseudoniem: Buffer): string | null;
}

const dagFormaat = new Intl.DateTimeFormat('nl-NL', { dateStyle: 'long', timeZone: 'Europe/Amsterdam' });
/** The bailiff's line: "schuldenrust tot 1 april 2027" (no creditor named). */
export const rustTekst = (tot: string) => `schuldenrust tot ${dagFormaat.format(new Date(`${tot}T12:00:00Z`))}`;

export interface ControleDeps {
  db: Db;
  vishIndex: VishIndex;
  pseudo: Pseudonimiseerder;
  audit: AuditLog;
}

/**
 * Check one BSN: match + helper contact(s) of every organisation that has the person, or no match.
 * `omgeving`: production or test data (omgeving.ts); a test check is audited as such.
 */
export async function controleer(
  d: ControleDeps,
  actor: Actor,
  rawBsn: string,
  omgeving: VishOmgeving = 'productie',
  rust?: RustOpzoeker,
): Promise<{ match: boolean; contacten: Treffer[]; schuldenrustTot: string | null; schuldenrust: string | null }> {
  const bsn = normaliseBsn(rawBsn);
  if (!bsn) {
    throw invalidInput(
      /^\d{8,9}$/.test(rawBsn.trim()) ? 'Het BSN voldoet niet aan de elfproef.' : 'Een BSN bestaat uit 9 cijfers.',
    );
  }
  const p = d.pseudo.pseudoniem(bsn);
  const contacten = d.vishIndex.zoek(bsn, p, omgeving);
  // Pauses are production data: a test check never sees one.
  let tot: string | null = null;
  if (rust && omgeving === 'productie') {
    await rust.vers();
    tot = rust.tot(p);
  }
  await d.audit.schrijf({
    actor,
    actie: omgeving === 'test' ? 'vish.testcontrole' : 'vish.controle',
    onderwerp: d.pseudo.auditVerwijzingVan(p),
    resultaat: contacten.length > 0 ? 'match' : 'geen-match',
  });
  return {
    match: contacten.length > 0,
    contacten,
    schuldenrustTot: tot,
    schuldenrust: tot ? rustTekst(tot) : null,
  };
}

export const BATCH_KOLOMMEN: Record<string, string[]> = {
  bsn: ['BSN', 'Burgerservicenummer'],
  kenmerk: ['Kenmerk', 'Referentie', 'Dossiernummer'],
};
const AUDIT_BLOK = 20_000;

/**
 * Batch check, streamed in and out. The output never repeats the BSN: each line carries the input
 * line number and the caller's own reference (kenmerk). Audit entries of a block are stored before
 * the block's results are released.
 */
export async function* controleerBatch(
  d: ControleDeps,
  actor: Actor,
  regels: AsyncIterable<BronRegel>,
  omgeving: VishOmgeving = 'productie',
  rust?: RustOpzoeker,
): AsyncGenerator<string> {
  const actie = omgeving === 'test' ? 'vish.testbatchcontrole' : 'vish.batchcontrole';
  // Read the first row before answering anything, so a bad header is an error status, not a broken stream.
  const it = regels[Symbol.asyncIterator]();
  const eerste = await it.next();
  const metRust = !!rust && omgeving === 'productie';
  if (metRust) await rust.vers();
  yield csvRegel([
    'regel',
    'kenmerk',
    'resultaat',
    'organisatie',
    'contactnaam',
    'telefoon',
    'email',
    'schuldenrust_tot',
  ]);
  let uit: string[] = [];
  let audit: Array<[string, string]> = [];
  // Block k's audit write runs while block k+1 is computed; block k's results go out once it is stored.
  let wachtend: { opgeslagen: Promise<unknown>; uit: string } | null = null;
  const blok = async (): Promise<string> => {
    const volgende = {
      // One chained entry for the block, its persons as lines beside it (audit/batchregels.ts), one statement.
      opgeslagen: audit.length > 0 ? d.audit.kopieer(actor, actie, audit) : Promise.resolve(),
      uit: uit.join(''),
    };
    volgende.opgeslagen.catch(() => undefined); // awaited below; avoid an unhandled rejection meanwhile
    audit = [];
    uit = [];
    const vorige = wachtend;
    wachtend = volgende;
    if (!vorige) return '';
    await vorige.opgeslagen;
    return vorige.uit;
  };
  for (let n = eerste; !n.done; n = await it.next()) {
    const r = n.value;
    const kenmerk = r.velden.kenmerk ?? '';
    const bsn = r.fout ? null : normaliseBsn(r.velden.bsn ?? '');
    if (!bsn) {
      uit.push(csvRegel([r.regel, kenmerk, 'ongeldig-bsn', '', '', '', '', '']));
    } else {
      const p = d.pseudo.pseudoniem(bsn);
      const treffers = d.vishIndex.zoek(bsn, p, omgeving);
      const tot = metRust ? (rust.tot(p) ?? '') : '';
      audit.push([d.pseudo.auditVerwijzingVan(p), treffers.length > 0 ? 'match' : 'geen-match']);
      if (treffers.length === 0) uit.push(csvRegel([r.regel, kenmerk, 'geen-match', '', '', '', '', tot]));
      for (const t of treffers)
        uit.push(csvRegel([r.regel, kenmerk, 'match', t.organisatie, t.naam, t.telefoon, t.email, tot]));
    }
    if (audit.length >= AUDIT_BLOK || uit.length >= AUDIT_BLOK) {
      const klaar = await blok();
      if (klaar) yield klaar;
    }
  }
  yield await blok();
  yield await blok();
}
