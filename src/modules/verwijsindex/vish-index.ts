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
  sleutelId: string;
  /** Key: first 16 bytes of the pseudonym as a latin1 string; value: index into `contacten`. */
  personen: Map<string, number>;
  contacten: HulpContact[];
}

export interface Treffer extends HulpContact {
  organisatie: string;
}

/** Index key of a pseudonym: 128 bits is collision-free in practice and halves memory. */
export const indexSleutel = (pseudoniem: Uint8Array) =>
  Buffer.from(pseudoniem.buffer, pseudoniem.byteOffset, 16).toString('latin1');

/**
 * In-memory Verwijsindex: one immutable set per organisation, swapped by reference, so a check sees
 * an organisation's old set or its new one, never a mix.
 */
export class VishIndex {
  private sets = new Map<string, OrganisatieSet>();

  constructor(private readonly pseudo: Pseudonimiseerder) {}

  vervang(set: OrganisatieSet): void {
    this.sets.set(set.organisatieId, set);
  }
  verwijder(organisatieId: string): void {
    this.sets.delete(organisatieId);
  }
  actieveLevering(organisatieId: string): string | undefined {
    return this.sets.get(organisatieId)?.leveringId;
  }
  organisaties(): string[] {
    return [...this.sets.keys()];
  }
  omvang(): number {
    let n = 0;
    for (const s of this.sets.values()) n += s.personen.size;
    return n;
  }

  /** Contacts of every organisation that has the person. `huidig`: the pseudonym under the current key, if already known. */
  zoek(bsn: string, huidig?: Buffer): Treffer[] {
    const perSleutel = new Map<string, string>();
    if (huidig) perSleutel.set(this.pseudo.huidigeSleutel, indexSleutel(huidig));
    const treffers: Treffer[] = [];
    for (const set of this.sets.values()) {
      let key = perSleutel.get(set.sleutelId);
      if (key === undefined) {
        key = indexSleutel(this.pseudo.pseudoniem(bsn, set.sleutelId));
        perSleutel.set(set.sleutelId, key);
      }
      const nr = set.personen.get(key);
      if (nr !== undefined) treffers.push({ organisatie: set.organisatieNaam, ...set.contacten[nr]! });
    }
    return treffers;
  }
}
