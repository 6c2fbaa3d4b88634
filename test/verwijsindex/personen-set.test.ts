import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PersonenSet } from '../../src/modules/verwijsindex/personen-set.ts';

const pseudoniem = (i: number) => createHmac('sha256', 'test-sleutel').update(String(i)).digest();
/** A 32-byte key whose first word (the hash) is `woord0`, the rest from `rest`. */
const sleutel = (woord0: number, rest: number) => {
  const b = Buffer.alloc(32);
  b.writeUInt32LE(woord0 >>> 0, 0);
  b.writeUInt32LE(rest, 4);
  b.writeUInt32LE(rest ^ 0x5a5a5a5a, 12);
  return b;
};

describe('PersonenSet', () => {
  it('finds present keys and not absent ones', () => {
    const s = new PersonenSet();
    for (let i = 0; i < 100; i++) expect(s.set(pseudoniem(i), i * 7)).toBe(true);
    expect(s.size).toBe(100);
    for (let i = 0; i < 100; i++) {
      expect(s.get(pseudoniem(i))).toBe(i * 7);
      expect(s.has(pseudoniem(i))).toBe(true);
    }
    for (let i = 100; i < 1100; i++) {
      expect(s.get(pseudoniem(i))).toBeUndefined();
      expect(s.has(pseudoniem(i))).toBe(false);
    }
  });

  it('tells keys apart by all 16 bytes, not beyond', () => {
    const s = new PersonenSet();
    const a = pseudoniem(1);
    for (const byte of [0, 3, 4, 8, 12, 15]) {
      const b = Buffer.from(a);
      b[byte]! ^= 1;
      expect(s.has(b)).toBe(false);
      s.set(b, byte);
    }
    expect(s.has(a)).toBe(false);
    s.set(a, 99);
    // Bytes 16..31 are not part of the key (as the former latin1 index key).
    const c = Buffer.from(a);
    c[20]! ^= 0xff;
    expect(s.get(c)).toBe(99);
    expect(s.get(a.subarray(0, 16))).toBe(99);
  });

  it('keeps keys apart that share their first 4 bytes (one probe chain)', () => {
    const s = new PersonenSet();
    for (let i = 0; i < 7; i++) s.set(sleutel(0x1234_5675, i), i);
    for (let i = 0; i < 7; i++) expect(s.get(sleutel(0x1234_5675, i))).toBe(i);
    expect(s.get(sleutel(0x1234_5675, 7))).toBeUndefined();
    expect(s.size).toBe(7);
  });

  it('wraps a probe chain around the end of the table', () => {
    const s = new PersonenSet(); // 16 slots; the hash 0xffffffff lands in the last one
    for (let i = 0; i < 6; i++) expect(s.set(sleutel(0xffff_ffff, i), 100 + i)).toBe(true);
    // A key that hashes to slot 0 now starts among the wrapped chain's keys.
    s.set(sleutel(0x1000_0000, 1), 7);
    for (let i = 0; i < 6; i++) expect(s.get(sleutel(0xffff_ffff, i))).toBe(100 + i);
    expect(s.get(sleutel(0x1000_0000, 1))).toBe(7);
    expect(s.get(sleutel(0xffff_ffff, 6))).toBeUndefined();
    expect(s.get(sleutel(0x1000_0000, 2))).toBeUndefined();
  });

  it('keeps every key through growth, colliding ones too', () => {
    const s = new PersonenSet();
    const n = 20_000;
    for (let i = 0; i < n; i++) expect(s.set(pseudoniem(i), i)).toBe(true);
    // Chains of equal first words, across several doublings.
    for (let i = 0; i < 50; i++) s.set(sleutel(0xffff_fff0, i), n + i);
    expect(s.size).toBe(n + 50);
    for (let i = 0; i < n; i++) expect(s.get(pseudoniem(i))).toBe(i);
    for (let i = 0; i < 50; i++) expect(s.get(sleutel(0xffff_fff0, i))).toBe(n + i);
    expect(s.get(pseudoniem(n))).toBeUndefined();
  });

  it('with the size known up front, holds that many', () => {
    const s = new PersonenSet(1000);
    for (let i = 0; i < 1000; i++) s.set(pseudoniem(i), i);
    for (let i = 0; i < 1000; i++) expect(s.get(pseudoniem(i))).toBe(i);
    expect(s.size).toBe(1000);
  });

  it('a duplicate set returns false and keeps the first value', () => {
    const s = new PersonenSet();
    expect(s.set(pseudoniem(1), 3)).toBe(true);
    expect(s.set(pseudoniem(1), 4)).toBe(false);
    expect(s.set(Buffer.from(pseudoniem(1)), 5)).toBe(false);
    expect(s.get(pseudoniem(1))).toBe(3);
    expect(s.size).toBe(1);
  });

  it('holds a key of all zero bytes and the value 0', () => {
    const s = new PersonenSet();
    const nul = new Uint8Array(32);
    expect(s.has(nul)).toBe(false);
    expect(s.get(nul)).toBeUndefined();
    expect(s.set(nul, 0)).toBe(true);
    expect(s.get(nul)).toBe(0);
    expect(s.has(nul)).toBe(true);
    expect(s.set(nul, 1)).toBe(false);
    expect(s.get(new Uint8Array(16))).toBe(0);
    expect(s.size).toBe(1);
  });

  it('reads a key at any byte offset (pooled Buffers, Uint8Array views)', () => {
    const s = new PersonenSet();
    const p = pseudoniem(5);
    s.set(p, 11);
    for (let off = 1; off < 4; off++) {
      const groot = new Uint8Array(64);
      groot.set(p, off);
      expect(s.get(groot.subarray(off, off + 32))).toBe(11);
      expect(s.get(Buffer.from(groot.buffer, off, 32))).toBe(11);
    }
  });

  it('refuses a key shorter than 16 bytes and a value outside uint32 - 1', () => {
    const s = new PersonenSet();
    expect(() => s.get(new Uint8Array(15))).toThrow(RangeError);
    expect(() => s.set(pseudoniem(1), -1)).toThrow(RangeError);
    expect(() => s.set(pseudoniem(1), 0xffff_ffff)).toThrow(RangeError);
    expect(() => s.set(pseudoniem(1), 1.5)).toThrow(RangeError);
    expect(s.size).toBe(0);
  });
});
