import { createHash } from 'node:crypto';
import type { Db } from '../../db/connection.ts';
import { copyBytea, copyValue } from '../../db/connection.ts';
import { AppError } from '../../shared/errors.ts';
import type { Actor, AuditLog } from '../audit/index.ts';
import type { Logger } from '../../shared/logger.ts';
import { indexSleutel, type HulpContact, type OrganisatieSet, type VishIndex } from './vish-index.ts';
import type { Pseudonimiseerder } from './pseudoniem.ts';
import * as store from './store.ts';
import { valideerVishRij, type RijFout } from './validatie.ts';

export interface BronRegel {
  regel: number;
  velden: Record<string, string | undefined>;
  fout?: string;
}

export interface Ontvangstbewijs {
  leveringId: string;
  status: 'actief';
  regelsGeaccepteerd: number;
  duurMs: number;
  checksum: string;
  verlooptOp: string;
  vervangtLevering: string | null;
}

export interface Voortgang {
  leveringId: string;
  organisatieId: string;
  regels: number;
  gestartOp: Date;
  regelsPerSeconde: number;
}

const MAX_GEMELDE_FOUTEN = 1000;
const PERSONEN_KOLOMMEN = ['levering_id', 'pseudoniem', 'contact_nr', 'fase', 'startdatum'];

export interface LeveringDeps {
  db: Db;
  pseudo: Pseudonimiseerder;
  index: VishIndex;
  audit: AuditLog;
  log: Logger;
  bewaarDagen: number;
}

/**
 * A VISH delivery: the organisation's complete current list. Streams once: rows are validated,
 * pseudonymised and COPY'd into staging under a new delivery id; only a fully valid file is
 * swapped in (one transaction), so any error, crash or kill leaves the previous delivery active.
 */
export class VishLevering {
  readonly lopend = new Map<string, { organisatieId: string; regels: number; gestartOp: Date }>();
  private opruimen = new Set<Promise<void>>();

  constructor(private readonly d: LeveringDeps) {}

  async lever(
    actor: Actor,
    org: { id: string; naam: string },
    bron: string,
    regels: AsyncIterable<BronRegel>,
    checksumVan: () => string,
  ): Promise<Ontvangstbewijs> {
    const { db, pseudo } = this.d;
    const start = Date.now();
    const sleutelId = pseudo.huidigeSleutel;
    const levering = await store.startLevering(db.kysely, org.id, bron, sleutelId);
    const voortgang = { organisatieId: org.id, regels: 0, gestartOp: levering.gestart_op };
    this.lopend.set(levering.id, voortgang);

    const personen = new Map<string, number>();
    const contactNr = new Map<string, number>();
    const contacten: HulpContact[] = [];
    const fouten: RijFout[] = [];
    let aantalFouten = 0;
    let aantal = 0;
    const meld = (f: RijFout[]) => {
      aantalFouten += f.length;
      for (const x of f) if (fouten.length < MAX_GEMELDE_FOUTEN) fouten.push(x);
    };

    const log = this.d.log;
    async function* copyRegels(): AsyncGenerator<string> {
      for await (const r of regels) {
        voortgang.regels++;
        if (voortgang.regels % 100_000 === 0) {
          const s = (Date.now() - start) / 1000;
          log.info(
            { leveringId: levering.id, regels: voortgang.regels, regelsPerSeconde: Math.round(voortgang.regels / s) },
            'vish delivery progress',
          );
        }
        if (r.fout) {
          meld([{ regel: r.regel, veld: '*', reden: r.fout }]);
          continue;
        }
        const { rij, fouten: f } = valideerVishRij(r.regel, r.velden);
        if (!rij) {
          meld(f);
          continue;
        }
        const p = pseudo.pseudoniem(rij.bsn, sleutelId);
        const key = indexSleutel(p);
        if (personen.has(key)) {
          meld([{ regel: r.regel, veld: 'bsn', reden: 'Deze persoon staat meer dan eens in het bestand' }]);
          continue;
        }
        const ck = `${rij.contact.naam}\u0000${rij.contact.telefoon ?? ''}\u0000${rij.contact.email ?? ''}`;
        let nr = contactNr.get(ck);
        if (nr === undefined) {
          nr = contacten.length;
          contacten.push(rij.contact);
          contactNr.set(ck, nr);
        }
        personen.set(key, nr);
        aantal++;
        // Once the file is known to be bad nothing more is staged; validation goes on for the report.
        if (aantalFouten === 0) {
          yield `${levering.id}\t${copyBytea(p)}\t${nr}\t${copyValue(rij.fase)}\t${copyValue(rij.startdatum)}\n`;
        }
      }
    }

    try {
      await db.copyLines('vish_personen', PERSONEN_KOLOMMEN, copyRegels());
    } catch (err) {
      this.lopend.delete(levering.id);
      const publiek = err instanceof AppError ? err : null;
      await store.verwerpLevering(db, levering.id, 'afgebroken', {
        melding: publiek?.publicMessage ?? 'Verwerking afgebroken',
      });
      await this.d.audit.schrijf({ actor, actie: 'vish.levering', onderwerp: levering.id, resultaat: 'afgebroken' });
      throw err;
    }
    this.lopend.delete(levering.id);

    if (aantalFouten > 0 || aantal === 0) {
      const rapport =
        aantal === 0 && aantalFouten === 0
          ? { aantalFouten: 1, fouten: [{ regel: 1, veld: '*', reden: 'Het bestand bevat geen personen' }] }
          : { aantalFouten, fouten };
      await store.verwerpLevering(db, levering.id, 'verworpen', rapport);
      await this.d.audit.schrijf({
        actor,
        actie: 'vish.levering',
        onderwerp: levering.id,
        resultaat: 'verworpen',
        details: { aantalFouten: rapport.aantalFouten },
      });
      throw new AppError(
        422,
        'levering_verworpen',
        `De levering is geweigerd: ${rapport.aantalFouten} fout(en). De vorige levering blijft actief.`,
        { leveringId: levering.id, ...rapport },
      );
    }

    await store.bewaarContacten(db.kysely, levering.id, contacten);
    const checksum = checksumVan();
    const { vorige, verlooptOp } = await store.activeerLevering(db.kysely, org.id, levering.id, {
      aantal,
      checksum,
      bewaarDagen: this.d.bewaarDagen,
    });
    const set: OrganisatieSet = {
      organisatieId: org.id,
      organisatieNaam: org.naam,
      leveringId: levering.id,
      sleutelId,
      personen,
      contacten,
    };
    this.d.index.vervang(set);
    await this.d.audit.schrijf({
      actor,
      actie: 'vish.levering',
      onderwerp: levering.id,
      resultaat: 'geactiveerd',
      details: { aantal },
    });
    if (vorige) this.ruimOp(vorige);
    return {
      leveringId: levering.id,
      status: 'actief',
      regelsGeaccepteerd: aantal,
      duurMs: Date.now() - start,
      checksum,
      verlooptOp: verlooptOp.toISOString(),
      vervangtLevering: vorige,
    };
  }

  voortgang(organisatieId: string): Voortgang[] {
    return [...this.lopend.entries()]
      .filter(([, v]) => v.organisatieId === organisatieId)
      .map(([id, v]) => ({
        leveringId: id,
        organisatieId: v.organisatieId,
        regels: v.regels,
        gestartOp: v.gestartOp,
        regelsPerSeconde: Math.round(v.regels / Math.max(0.001, (Date.now() - v.gestartOp.getTime()) / 1000)),
      }));
  }

  /** Replaced rows are deleted after the swap, off the request path. */
  private ruimOp(leveringId: string) {
    const p = store
      .verwijderPersonen(this.d.db, leveringId)
      .catch((err) => this.d.log.error({ err, leveringId }, 'cleanup of replaced delivery failed'))
      .finally(() => this.opruimen.delete(p));
    this.opruimen.add(p);
  }

  async wachtOpOpruimen() {
    await Promise.all([...this.opruimen]);
  }

  /**
   * The organisation delivers no one any more (e.g. its trajectory feed has no entries left): its active delivery is
   * withdrawn from the index and its persons deleted, so nobody matches. Returns the withdrawn delivery's id, if any.
   */
  async trekIn(organisatieId: string): Promise<string | null> {
    const actief = await store.actieveLeveringVan(this.d.db.kysely, organisatieId);
    if (!actief) return null;
    await store.zetStatus(this.d.db.kysely, actief.id, 'vervangen');
    if (this.d.index.actieveLevering(organisatieId) === actief.id) this.d.index.verwijder(organisatieId);
    await store.verwijderPersonen(this.d.db, actief.id);
    return actief.id;
  }
}

/** SHA-256 over the bytes as they pass, for the receipt. */
export function metChecksum(bron: AsyncIterable<Buffer | Uint8Array>) {
  const hash = createHash('sha256');
  let digest: string | undefined;
  async function* stroom() {
    for await (const c of bron) {
      hash.update(c);
      yield c;
    }
  }
  return { stroom: stroom(), checksum: () => (digest ??= hash.digest('hex')) };
}
