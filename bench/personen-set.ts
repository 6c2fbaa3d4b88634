/**
 * Micro-benchmark of the VISH person index: the former Map<string, number> (key: the pseudonym's first 16 bytes as
 * a latin1 string) against PersonenSet. Not part of `npm run bench`. Run:
 *   npx tsx bench/personen-set.ts            (N = 1,000,000; PERSONEN_N=200000 for fewer)
 * Each variant runs in its own child process with --expose-gc, so heap and RSS are its own. Keys are uniform bytes
 * from a counter (as HMAC output is), written into one reused buffer, so key generation allocates nothing.
 * Also compares three ways to read a key's words (bytes, Buffer.readUInt32LE, DataView) on unaligned buffers.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { PersonenSet } from '../src/modules/verwijsindex/personen-set.ts';

const N = Number(process.env.PERSONEN_N ?? 1_000_000);
const variant = process.argv[2];

// 16 uniform bytes for key i (splitmix32-like mixing), into `uit` at `off`.
function sleutel(i: number, uit: Buffer, off = 0): Buffer {
  for (let w = 0; w < 4; w++) {
    let x = (Math.imul(i, 4) + w + 0x9e3779b9) | 0;
    x = Math.imul(x ^ (x >>> 16), 0x21f0aaad);
    x = Math.imul(x ^ (x >>> 15), 0x735a2d97);
    uit.writeInt32LE(x ^ (x >>> 15), off + w * 4);
  }
  return uit;
}

const latin1 = (p: Uint8Array) => Buffer.from(p.buffer, p.byteOffset, 16).toString('latin1');
const ms = (t: bigint) => Number(process.hrtime.bigint() - t) / 1e6;

function geheugen() {
  global.gc!();
  global.gc!();
  const m = process.memoryUsage();
  return { heapMB: m.heapUsed / 2 ** 20, rssMB: m.rss / 2 ** 20, buitenHeapMB: m.arrayBuffers / 2 ** 20 };
}

function meet(naam: string) {
  const p = Buffer.alloc(32);
  // Baseline: making the 2N keys alone (part of both the build and the lookup figures).
  let t = process.hrtime.bigint();
  let x = 0;
  for (let i = 0; i < 2 * N; i++) x ^= sleutel(i, p)[0]!;
  const sleutelsMs = ms(t) + (x & 0);
  const basis = geheugen();
  let opslaan: { size: number };
  let vind: (p: Buffer) => number | undefined;
  t = process.hrtime.bigint();
  if (naam === 'map') {
    // As a delivery did: has() for the duplicate check, then set().
    const m = new Map<string, number>();
    for (let i = 0; i < N; i++) {
      const k = latin1(sleutel(i, p));
      if (m.has(k)) throw new Error('duplicate');
      m.set(k, i % 1000);
    }
    opslaan = m;
    vind = (q) => m.get(latin1(q));
  } else {
    // 'set': grows while built (a delivery); 'set-bekend': size known up front (the load at start).
    const s = new PersonenSet(naam === 'set-bekend' ? N : 0);
    for (let i = 0; i < N; i++) if (!s.set(sleutel(i, p), i % 1000)) throw new Error('duplicate');
    opslaan = s;
    vind = (q) => s.get(q);
  }
  const bouwMs = ms(t);
  const na = geheugen();
  t = process.hrtime.bigint();
  let gevonden = 0;
  for (let i = 0; i < 2 * N; i++) if (vind(sleutel(i, p)) !== undefined) gevonden++;
  const zoekMs = ms(t);
  if (gevonden !== N || opslaan.size !== N) throw new Error(`found ${gevonden} of ${N}`);
  return {
    variant: naam,
    sleutels2NMs: Math.round(sleutelsMs),
    bouwMs: Math.round(bouwMs),
    zoekMs: Math.round(zoekMs),
    nsPerZoek: Math.round((zoekMs * 1e6) / (2 * N)),
    heapMB: +(na.heapMB - basis.heapMB).toFixed(1),
    buitenHeapMB: +(na.buitenHeapMB - basis.buitenHeapMB).toFixed(1),
    rssMB: +(na.rssMB - basis.rssMB).toFixed(1),
  };
}

// Sum of a key's 4 words, read three ways, from buffers at byteOffset 1 (as a pooled Buffer may be).
function leesWijze(naam: string) {
  const groot = Buffer.alloc(32 * 1024 + 1);
  const sleutels: Buffer[] = [];
  for (let i = 0; i < 1024; i++) sleutels.push(sleutel(i, groot, 1 + i * 32).subarray(1 + i * 32, 1 + i * 32 + 32));
  const t = process.hrtime.bigint();
  let som = 0;
  for (let r = 0; r < 2 * N; r++) {
    const p = sleutels[r & 1023]!;
    if (naam === 'bytes') {
      for (let o = 0; o < 16; o += 4) som ^= p[o]! | (p[o + 1]! << 8) | (p[o + 2]! << 16) | (p[o + 3]! << 24);
    } else if (naam === 'readUInt32LE') {
      for (let o = 0; o < 16; o += 4) som ^= p.readUInt32LE(o);
    } else {
      const v = new DataView(p.buffer, p.byteOffset, 16);
      for (let o = 0; o < 16; o += 4) som ^= v.getUint32(o, true);
    }
  }
  return { leeswijze: naam, nsPerSleutel: +(Number(process.hrtime.bigint() - t) / (2 * N)).toFixed(1), som };
}

if (variant === 'lees') {
  for (const w of ['bytes', 'readUInt32LE', 'dataview']) leesWijze(w); // warm-up
  console.log(JSON.stringify(['bytes', 'readUInt32LE', 'dataview'].map(leesWijze)));
} else if (variant) {
  console.log(JSON.stringify(meet(variant)));
} else {
  console.log(
    `PersonenSet vs Map<string, number>, ${N.toLocaleString('en')} keys; lookups: ${N} present + ${N} absent`,
  );
  const rijen = [];
  for (const v of ['map', 'set', 'set-bekend']) {
    const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url), v], {
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(r.stderr);
    rijen.push(JSON.parse(r.stdout));
  }
  console.table(rijen);
  const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), 'lees'], {
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(r.stderr);
  console.table(JSON.parse(r.stdout).map(({ som: _, ...x }: { som: number }) => x));
}
