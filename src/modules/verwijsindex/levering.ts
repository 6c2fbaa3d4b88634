import { createHash } from 'node:crypto';
import type { Db } from '../../db/connection.ts';
import { copyBytea, copyValue } from '../../db/connection.ts';
import { AppError } from '../../shared/errors.ts';
import { isVerbindingsfout } from '../../db/fouten.ts';
import type { Actor, AuditLog } from '../audit/index.ts';
import type { Logger } from '../../shared/logger.ts';
import { PersonenSet } from './personen-set.ts';
import type { HulpContact, OrganisatieSet, VishIndex } from './vish-index.ts';
import { vishOmgeving, type VishOmgeving } from './omgeving.ts';
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
  omgeving: VishOmgeving;
  regelsGeaccepteerd: number;
  duurMs: number;
  checksum: string;
  verlooptOp: string;
  vervangtLevering: string | null;
}

export interface Voortgang {
  leveringId: string;
  organisatieId: string;
  omgeving: VishOmgeving;
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
 *
 * Two lists of one organisation at the same time: the one submitted last wins, whichever finishes
 * first. An earlier-submitted list that finishes after a later one took effect is not activated (409).
 * A delivery records the process running it (db/proces.ts), so one left 'bezig' by a killed process is
 * cleaned up at the next start (onderhoud.ts) without touching deliveries that live nodes are running.
 */
export class VishLevering {
  readonly lopend = new Map<
    string,
    { organisatieId: string; omgeving: VishOmgeving; regels: number; gestartOp: Date }
  >();
  private opruimen = new Set<Promise<void>>();

  constructor(private readonly d: LeveringDeps) {}

  /**
   * `omgeving`: production or test data, as decided for the caller (see omgeving.ts); without it, from
   * the organisation's joining step (the trajectories feed).
   */
  async lever(
    actor: Actor,
    org: { id: string; naam: string },
    bron: string,
    regels: AsyncIterable<BronRegel>,
    checksumVan: () => string,
    omgeving?: VishOmgeving,
  ): Promise<Ontvangstbewijs> {
    const { db, pseudo } = this.d;
    const start = Date.now();
    const sleutelId = pseudo.huidigeSleutel;
    const waar = omgeving ?? (await this.omgevingVan(org.id));
    const levering = await store.startLevering(db.kysely, {
      organisatieId: org.id,
      bron,
      sleutelId,
      omgeving: waar,
      eigenaar: db.proces.nummer,
    });
    const voortgang = { organisatieId: org.id, omgeving: waar, regels: 0, gestartOp: levering.gestart_op };
    this.lopend.set(levering.id, voortgang);

    const personen = new PersonenSet();
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
        const ck = `${rij.contact.naam}\u0000${rij.contact.telefoon ?? ''}\u0000${rij.contact.email ?? ''}`;
        const bekend = contactNr.get(ck);
        const nr = bekend ?? contacten.length;
        // One probe for the duplicate check and the insert; a duplicate's contact is not added.
        if (!personen.set(p, nr)) {
          meld([{ regel: r.regel, veld: 'bsn', reden: 'Deze persoon staat meer dan eens in het bestand' }]);
          continue;
        }
        if (bekend === undefined) {
          contacten.push(rij.contact);
          contactNr.set(ck, nr);
        }
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
      throw await this.breekAf(actor, levering.id, err);
    }
    this.lopend.delete(levering.id);

    if (aantalFouten > 0 || aantal === 0) {
      const rapport =
        aantal === 0 && aantalFouten === 0
          ? { aantalFouten: 1, fouten: [{ regel: 1, veld: '*', reden: 'Het bestand bevat geen personen' }] }
          : { aantalFouten, fouten };
      try {
        await store.verwerpLevering(db, levering.id, 'verworpen', rapport);
      } catch (err) {
        throw await this.breekAf(actor, levering.id, err);
      }
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
        `De levering is geweigerd: ${rapport.aantalFouten} ${rapport.aantalFouten === 1 ? 'fout' : 'fouten'}. De vorige levering blijft actief.`,
        { leveringId: levering.id, ...rapport },
      );
    }

    const checksum = checksumVan();
    let uitkomst: store.Activering;
    try {
      await store.bewaarContacten(db.kysely, levering.id, contacten);
      uitkomst = await store.activeerLevering(
        db.kysely,
        { organisatieId: org.id, omgeving: waar, leveringId: levering.id, volgnr: levering.volgnr },
        { aantal, checksum, bewaarDagen: this.d.bewaarDagen },
      );
    } catch (err) {
      throw await this.breekAf(actor, levering.id, err);
    }
    if (uitkomst.uitkomst === 'onderbroken') throw await this.breekAf(actor, levering.id, onderbroken());
    if (uitkomst.uitkomst === 'achterhaald') {
      this.ruimOp(levering.id);
      await this.d.audit.schrijf({ actor, actie: 'vish.levering', onderwerp: levering.id, resultaat: 'achterhaald' });
      throw new AppError(
        409,
        'levering_achterhaald',
        'Deze lijst is niet geactiveerd, omdat uw organisatie tijdens de verwerking een nieuwere lijst heeft gestuurd. De nieuwste lijst geldt; u hoeft niets te doen.',
        { leveringId: levering.id, nieuwereLevering: uitkomst.nieuwer },
      );
    }
    const set: OrganisatieSet = {
      organisatieId: org.id,
      organisatieNaam: org.naam,
      leveringId: levering.id,
      volgnr: levering.volgnr,
      omgeving: waar,
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
      details: { aantal, omgeving: waar },
    });
    if (uitkomst.vorige) this.ruimOp(uitkomst.vorige);
    return {
      leveringId: levering.id,
      status: 'actief',
      omgeving: waar,
      regelsGeaccepteerd: aantal,
      duurMs: Date.now() - start,
      checksum,
      verlooptOp: uitkomst.verlooptOp.toISOString(),
      vervangtLevering: uitkomst.vorige,
    };
  }

  /** Production or test data for an organisation's own deliveries, by its joining step (omgeving.ts). */
  async omgevingVan(organisatieId: string): Promise<VishOmgeving> {
    const fase = await store.aansluitfaseVan(this.d.db.kysely, organisatieId);
    const waar = fase ? vishOmgeving(fase, false) : null;
    if (!waar) throw nietAangesloten();
    return waar;
  }

  /** The organisation's active list in this omgeving (id, persons, source), if any. */
  async actieveLijst(organisatieId: string, omgeving: VishOmgeving) {
    return store.actieveLevering(this.d.db.kysely, organisatieId, omgeving);
  }

  /**
   * Withdraws the organisation's active list: checks stop matching at once. It counts as the newest
   * list, so a delivery submitted before it and still running does not bring the old list back.
   */
  async trekIn(actor: Actor, organisatieId: string, omgeving: VishOmgeving, bron: string): Promise<string | null> {
    const r = await store.trekLijstIn(this.d.db.kysely, organisatieId, omgeving, bron, this.d.pseudo.huidigeSleutel);
    this.d.index.verwijder(organisatieId, omgeving, r.volgnr);
    if (r.ingetrokken) {
      this.ruimOp(r.ingetrokken);
      await this.d.audit.schrijf({
        actor,
        actie: 'vish.levering',
        onderwerp: r.ingetrokken,
        resultaat: 'ingetrokken',
        details: { omgeving },
      });
    }
    return r.ingetrokken;
  }

  /**
   * Records a delivery that failed on the way (the previous one stays active) and returns the error to
   * answer. A lost database connection becomes a 503 in Dutch. If even the record cannot be written (the
   * database is still away), the delivery stays 'bezig' until the clean-up at the next start or after
   * 6 hours (onderhoud.ts); it blocks nothing meanwhile.
   */
  private async breekAf(actor: Actor, leveringId: string, err: unknown): Promise<unknown> {
    const publiek = err instanceof AppError ? err : isVerbindingsfout(err) ? verbindingWeg() : null;
    try {
      await store.verwerpLevering(this.d.db, leveringId, 'afgebroken', {
        melding: publiek?.publicMessage ?? 'Verwerking afgebroken',
      });
      await this.d.audit.schrijf({ actor, actie: 'vish.levering', onderwerp: leveringId, resultaat: 'afgebroken' });
    } catch (e) {
      this.d.log.error(
        { err: e, leveringId },
        'could not record the aborted VISH delivery; it stays bezig until clean-up',
      );
    }
    if (publiek !== err) this.d.log.error({ err, leveringId }, 'VISH delivery aborted');
    return publiek ?? err;
  }

  voortgang(organisatieId: string): Voortgang[] {
    return [...this.lopend.entries()]
      .filter(([, v]) => v.organisatieId === organisatieId)
      .map(([id, v]) => ({
        leveringId: id,
        organisatieId: v.organisatieId,
        omgeving: v.omgeving,
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
}

const onderbroken = () =>
  new AppError(
    503,
    'levering_onderbroken',
    'De levering is niet verwerkt, omdat de verwerking werd onderbroken. De vorige levering blijft actief. Stuur het bestand opnieuw.',
  );
const nietAangesloten = () =>
  new AppError(
    403,
    'aansluiting_niet_afgerond',
    'Uw organisatie is nog niet aangesloten op de Verwijsindex. Rond eerst de aansluitstappen af met de beheerder.',
  );
const verbindingWeg = () =>
  new AppError(
    503,
    'database_onbereikbaar',
    'De levering is niet verwerkt, omdat de verbinding met de database wegviel. De vorige levering blijft actief. Stuur het bestand over een paar minuten opnieuw.',
  );

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
