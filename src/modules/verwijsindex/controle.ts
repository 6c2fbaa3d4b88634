import type { Db } from '../../db/connection.ts';
import { eisBsn, normaliseBsn } from '../../shared/bsn.ts';
import { csvRegel } from '../../shared/csv-bron.ts';
import type { Actor, AuditLog } from '../audit/index.ts';
import type { Treffer, VishIndex } from './vish-index.ts';
import type { VishOmgeving } from './omgeving.ts';
import type { Pseudonimiseerder } from './pseudoniem.ts';
import type { BronRegel } from './levering.ts';
import {
  controleReferentie,
  gemaskeerdBsn,
  GEEN_MATCH_TEKST,
  matchBij,
  matchTekst,
  ONGELDIG_BSN_TEKST,
} from './resultaat.ts';

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

/** The proof of one check for the dossier: when, the audit reference, the result in Dutch, the masked BSN. */
export interface ControleBewijs {
  tijdstip: string;
  referentie: string;
  resultaat: string;
  bsn: string;
  test: boolean;
}

/**
 * Check one BSN: match + helper contact(s) of every organisation that has the person, or no match.
 * `omgeving`: production or test data (omgeving.ts); a test check is audited as such.
 * The proof (`bewijs`) carries the audit entry's place in the chain, so the check can be traced later.
 */
export async function controleer(
  d: ControleDeps,
  actor: Actor,
  rawBsn: string,
  omgeving: VishOmgeving = 'productie',
  rust?: RustOpzoeker,
): Promise<{
  match: boolean;
  contacten: Treffer[];
  schuldenrustTot: string | null;
  schuldenrust: string | null;
  bewijs: ControleBewijs;
}> {
  const bsn = eisBsn(rawBsn);
  const p = d.pseudo.pseudoniem(bsn);
  const contacten = d.vishIndex.zoek(bsn, p, omgeving);
  // Pauses are production data: a test check never sees one.
  let tot: string | null = null;
  if (rust && omgeving === 'productie') {
    await rust.vers();
    tot = rust.tot(p);
  }
  const audit = await d.audit.schrijf({
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
    bewijs: {
      tijdstip: audit.tijdstip,
      referentie: controleReferentie(audit.volgnr),
      resultaat: contacten.length > 0 ? matchTekst(contacten.map((c) => c.organisatie)) : GEEN_MATCH_TEKST,
      bsn: gemaskeerdBsn(bsn),
      test: omgeving === 'test',
    },
  };
}

export const BATCH_KOLOMMEN: Record<string, string[]> = {
  bsn: ['BSN', 'Burgerservicenummer'],
  kenmerk: ['Kenmerk', 'Referentie', 'Dossiernummer'],
};
const AUDIT_BLOK = 20_000;
const HASH_BLOK = 5_000;
interface BatchRij {
  regel: number;
  kenmerk: string;
  bsn: string | null;
}

/** The batch's proof reference: volgnrs of its first and last audit entry, known once a block is stored. */
export interface BatchReferentie {
  eerste?: number;
  laatste?: number;
}

/**
 * Batch check, streamed in and out. The output never repeats the BSN: each line carries the input
 * line number and the caller's own reference (kenmerk). Audit entries of a block are stored before
 * the block's results are released. `referentie` is filled in as blocks are stored.
 */
export async function* controleerBatch(
  d: ControleDeps,
  actor: Actor,
  regels: AsyncIterable<BronRegel>,
  omgeving: VishOmgeving = 'productie',
  rust?: RustOpzoeker,
  referentie: BatchReferentie = {},
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
    'resultaat_omschrijving',
  ]);
  let uit: string[] = [];
  let audit: Array<[string, string]> = [];
  // Block k's audit write runs while block k+1 is computed; block k's results go out once it is stored.
  let wachtend: { opgeslagen: Promise<unknown>; uit: string } | null = null;
  const onthoud = ({ volgnr }: { volgnr: number }) => {
    referentie.eerste ??= volgnr;
    referentie.laatste = volgnr;
  };
  const blok = async (): Promise<string> => {
    const volgende = {
      // One chained entry for the block, its persons as lines beside it (audit/batchregels.ts), one statement.
      opgeslagen: audit.length > 0 ? d.audit.kopieer(actor, actie, audit).then(onthoud) : Promise.resolve(),
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
  // Pseudonyms are computed per block of rows on a worker thread (pseudoniem-pool.ts) while the next block is read.
  const verwerk = (rijen: BatchRij[], ps: Buffer) => {
    let j = 0;
    for (const { regel, kenmerk, bsn } of rijen) {
      if (!bsn) {
        uit.push(csvRegel([regel, kenmerk, 'ongeldig-bsn', '', '', '', '', '', ONGELDIG_BSN_TEKST]));
        continue;
      }
      const p = ps.subarray(j * 32, ++j * 32);
      const treffers = d.vishIndex.zoek(bsn, p, omgeving);
      const tot = metRust ? (rust.tot(p) ?? '') : '';
      audit.push([d.pseudo.auditVerwijzingVan(p), treffers.length > 0 ? 'match' : 'geen-match']);
      if (treffers.length === 0)
        uit.push(csvRegel([regel, kenmerk, 'geen-match', '', '', '', '', tot, GEEN_MATCH_TEKST]));
      for (const t of treffers)
        uit.push(
          csvRegel([regel, kenmerk, 'match', t.organisatie, t.naam, t.telefoon, t.email, tot, matchBij(t.organisatie)]),
        );
    }
  };
  let rijen: BatchRij[] = [];
  let bsns: string[] = [];
  const inVlucht: Array<{ rijen: BatchRij[]; ps: Promise<Buffer> }> = [];
  const stuur = () => {
    const ps = d.pseudo.pseudoniemen(bsns);
    ps.catch(() => undefined); // awaited in order below; avoid an unhandled rejection meanwhile
    inVlucht.push({ rijen, ps });
    rijen = [];
    bsns = [];
  };
  for (let n = eerste; !n.done || rijen.length > 0 || inVlucht.length > 0; ) {
    if (!n.done) {
      const r = n.value;
      const bsn = r.fout ? null : normaliseBsn(r.velden.bsn ?? '');
      rijen.push({ regel: r.regel, kenmerk: r.velden.kenmerk ?? '', bsn });
      if (bsn) bsns.push(bsn);
      n = await it.next();
      if (rijen.length >= HASH_BLOK || (n.done && rijen.length > 0)) stuur();
      if (inVlucht.length < 2 && !n.done) continue;
    } else if (rijen.length > 0) stuur();
    const b = inVlucht.shift();
    if (b) verwerk(b.rijen, await b.ps);
    if (audit.length >= AUDIT_BLOK || uit.length >= AUDIT_BLOK) {
      const klaar = await blok();
      if (klaar) yield klaar;
    }
  }
  yield await blok();
  yield await blok();
}
