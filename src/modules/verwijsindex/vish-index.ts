import type { VishOmgeving } from './omgeving.ts';
import type { PersonenSet } from './personen-set.ts';
import type { Pseudonimiseerder } from './pseudoniem.ts';

export interface HulpContact {
  naam: string;
  telefoon: string | null;
  email: string | null;
}

/** One organisation's active delivery, held in memory for fast checks. Immutable once built. */
export interface OrganisatieSet {
  organisatieId: string;
  organisatieNaam: string;
  leveringId: string;
  /** Submission order of the delivery: a set never replaces one of a later-submitted delivery. */
  volgnr: number;
  omgeving: VishOmgeving;
  sleutelId: string;
  /** Pseudonym (its first 16 bytes) → index into `contacten`. */
  personen: PersonenSet;
  contacten: HulpContact[];
}

export interface Treffer extends HulpContact {
  organisatie: string;
}

const plek = (organisatieId: string, omgeving: VishOmgeving) => `${omgeving}:${organisatieId}`;

/**
 * In-memory Verwijsindex: one immutable set per organisation and omgeving (production or test), swapped
 * by reference, so a check sees an organisation's old set or its new one, never a mix. A check searches
 * the sets of its own omgeving only.
 */
export class VishIndex {
  private sets = new Map<string, OrganisatieSet>();

  constructor(private readonly pseudo: Pseudonimiseerder) {}

  vervang(set: OrganisatieSet): void {
    const nu = this.sets.get(plek(set.organisatieId, set.omgeving));
    if (nu && nu.volgnr > set.volgnr) return; // a later-submitted list is already in place
    this.sets.set(plek(set.organisatieId, set.omgeving), set);
  }
  /** Drops the set; with `totVolgnr`, only when it is of a delivery submitted before that. */
  verwijder(organisatieId: string, omgeving: VishOmgeving, totVolgnr = Number.POSITIVE_INFINITY): void {
    const nu = this.sets.get(plek(organisatieId, omgeving));
    if (nu && nu.volgnr < totVolgnr) this.sets.delete(plek(organisatieId, omgeving));
  }
  actieveLevering(organisatieId: string, omgeving: VishOmgeving = 'productie'): string | undefined {
    return this.sets.get(plek(organisatieId, omgeving))?.leveringId;
  }
  /** The active delivery of every set held. */
  leveringen(): Array<{ organisatieId: string; omgeving: VishOmgeving; leveringId: string }> {
    return [...this.sets.values()].map((s) => ({
      organisatieId: s.organisatieId,
      omgeving: s.omgeving,
      leveringId: s.leveringId,
    }));
  }
  omvang(): number {
    let n = 0;
    for (const s of this.sets.values()) n += s.personen.size;
    return n;
  }

  /**
   * Contacts of every organisation that has the person, in the given omgeving's data.
   * `huidig`: the pseudonym under the current key, if already known.
   */
  zoek(bsn: string, huidig?: Buffer, omgeving: VishOmgeving = 'productie'): Treffer[] {
    const perSleutel = new Map<string, Buffer>();
    if (huidig) perSleutel.set(this.pseudo.huidigeSleutel, huidig);
    const treffers: Treffer[] = [];
    for (const set of this.sets.values()) {
      if (set.omgeving !== omgeving) continue;
      let p = perSleutel.get(set.sleutelId);
      if (p === undefined) {
        p = this.pseudo.pseudoniem(bsn, set.sleutelId);
        perSleutel.set(set.sleutelId, p);
      }
      const nr = set.personen.get(p);
      if (nr !== undefined) treffers.push({ organisatie: set.organisatieNaam, ...set.contacten[nr]! });
    }
    return treffers;
  }
}
