/** Slot: 4 uint32 words of key (the pseudonym's first 16 bytes) + 1 word value+1 (0 = empty slot). */
const WOORDEN = 5;
const MIN_CAPACITEIT = 16;

/**
 * Pseudonym → number, in one typed array off the V8 heap: open addressing with linear probing, capacity a
 * power of two, load at most 1/2. A Map of a million strings costs >100 MB of heap that the garbage collector
 * marks over and over; this costs 20 bytes a slot that it never looks into. The key is the first 16 bytes of
 * an HMAC, so its first word is already a uniform hash. No deletes: a set is built once, then only read.
 */
export class PersonenSet {
  private tabel: Uint32Array;
  private masker: number;
  private aantal = 0;
  // The key being looked up, as words (reused, so a lookup allocates nothing).
  private k0 = 0;
  private k1 = 0;
  private k2 = 0;
  private k3 = 0;

  /** `verwacht`: the number of persons, when known up front (no growing then). */
  constructor(verwacht = 0) {
    let cap = MIN_CAPACITEIT;
    while (cap < verwacht * 2) cap *= 2;
    this.tabel = new Uint32Array(cap * WOORDEN);
    this.masker = cap - 1;
  }

  get size(): number {
    return this.aantal;
  }

  get(pseudoniem: Uint8Array): number | undefined {
    const i = this.zoekSlot(pseudoniem);
    const v = this.tabel[i + 4]!;
    return v === 0 ? undefined : v - 1;
  }

  has(pseudoniem: Uint8Array): boolean {
    return this.tabel[this.zoekSlot(pseudoniem) + 4] !== 0;
  }

  /** Adds the person with `waarde`; false (and the first value kept) if the person was already there. */
  set(pseudoniem: Uint8Array, waarde: number): boolean {
    if (!Number.isInteger(waarde) || waarde < 0 || waarde >= 0xffff_ffff)
      throw new RangeError(`Invalid value ${waarde}`);
    let i = this.zoekSlot(pseudoniem);
    if (this.tabel[i + 4] !== 0) return false;
    if ((this.aantal + 1) * 2 > this.masker + 1) {
      this.groei();
      i = this.vrijSlot(this.k0);
    }
    const t = this.tabel;
    t[i] = this.k0;
    t[i + 1] = this.k1;
    t[i + 2] = this.k2;
    t[i + 3] = this.k3;
    t[i + 4] = waarde + 1;
    this.aantal++;
    return true;
  }

  /** Word index of the key's slot, or of the empty slot where it would go. Leaves the key in k0..k3. */
  private zoekSlot(p: Uint8Array): number {
    if (p.length < 16) throw new RangeError('A pseudonym has at least 16 bytes');
    // Byte by byte: works for any Uint8Array at any byteOffset (a pooled Buffer need not be 4-byte aligned).
    const k0 = (p[0]! | (p[1]! << 8) | (p[2]! << 16) | (p[3]! << 24)) >>> 0;
    const k1 = (p[4]! | (p[5]! << 8) | (p[6]! << 16) | (p[7]! << 24)) >>> 0;
    const k2 = (p[8]! | (p[9]! << 8) | (p[10]! << 16) | (p[11]! << 24)) >>> 0;
    const k3 = (p[12]! | (p[13]! << 8) | (p[14]! << 16) | (p[15]! << 24)) >>> 0;
    this.k0 = k0;
    this.k1 = k1;
    this.k2 = k2;
    this.k3 = k3;
    const t = this.tabel;
    const m = this.masker;
    let s = k0 & m;
    for (;;) {
      const i = s * WOORDEN;
      if (t[i + 4] === 0) return i;
      if (t[i] === k0 && t[i + 1] === k1 && t[i + 2] === k2 && t[i + 3] === k3) return i;
      s = (s + 1) & m;
    }
  }

  /** First empty slot for a key known to be absent. */
  private vrijSlot(k0: number): number {
    const t = this.tabel;
    const m = this.masker;
    let s = k0 & m;
    while (t[s * WOORDEN + 4] !== 0) s = (s + 1) & m;
    return s * WOORDEN;
  }

  private groei(): void {
    const oud = this.tabel;
    const t = new Uint32Array(oud.length * 2);
    this.tabel = t;
    this.masker = this.masker * 2 + 1;
    for (let j = 0; j < oud.length; j += WOORDEN) {
      if (oud[j + 4] === 0) continue;
      const i = this.vrijSlot(oud[j]!);
      t[i] = oud[j]!;
      t[i + 1] = oud[j + 1]!;
      t[i + 2] = oud[j + 2]!;
      t[i + 3] = oud[j + 3]!;
      t[i + 4] = oud[j + 4]!;
    }
  }
}
