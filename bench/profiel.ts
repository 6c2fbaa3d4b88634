/**
 * Summary of a V8 CPU profile (node --cpu-prof), split into the bench's phases: per phase the top frames by self time
 * and the time per package or source folder. The bench (BENCH_PROFIEL=<dir>) writes the phase boundaries to
 * <dir>/fasen.json in CLOCK_MONOTONIC microseconds, the clock the profile's timestamps use on Linux.
 *   npx tsx bench/profiel.ts <dir>/<file>.cpuprofile [<dir>/fasen.json] [top=15]
 */
import { readFileSync, writeFileSync } from 'node:fs';

interface Knoop {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profiel {
  nodes: Knoop[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}
export interface Fase {
  naam: string;
  van: number;
  tot: number;
}

/** Records phase boundaries on the profile's clock; `bewaar` writes them next to the profile. */
export class Fasen {
  private lijst: Fase[] = [];
  begin(naam: string): () => void {
    const van = Number(process.hrtime.bigint() / 1000n);
    return () => this.lijst.push({ naam, van, tot: Number(process.hrtime.bigint() / 1000n) });
  }
  bewaar(bestand: string) {
    writeFileSync(bestand, JSON.stringify(this.lijst));
  }
}

function groep(url: string, naam: string): string {
  if (!url) return naam.startsWith('(') ? naam : '(native/V8)';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1]!;
  if (url.startsWith('node:')) return url.replace(/^node:(internal\/)?/, 'node:').split('/')[0]!;
  const src = /\/(src|bench)\/(.*)$/.exec(url);
  if (src) return `${src[1]}/${src[2]!.split('/').slice(0, -1).join('/') || '.'}`;
  return url;
}

export function vat(p: Profiel, fasen: Fase[], top: number): string {
  const knopen = new Map(p.nodes.map((n) => [n.id, n]));
  const perFase = new Map<string, { totaal: number; frames: Map<string, number>; groepen: Map<string, number> }>();
  let t = p.startTime;
  for (let i = 0; i < p.samples.length; i++) {
    t += p.timeDeltas[i] ?? 0;
    const dt = p.timeDeltas[i + 1] ?? 0;
    const fase = fasen.length ? fasen.find((f) => t >= f.van && t < f.tot)?.naam : 'alles';
    if (!fase) continue;
    const k = knopen.get(p.samples[i]!)!.callFrame;
    if (k.functionName === '(idle)') continue;
    let s = perFase.get(fase);
    if (!s) {
      s = { totaal: 0, frames: new Map(), groepen: new Map() };
      perFase.set(fase, s);
    }
    const file = k.url.replace(/^.*\/(node_modules\/)?/, '');
    const frame = `${k.functionName || '(anonymous)'} ${file ? `${file}:${k.lineNumber + 1}` : ''}`.trim();
    s.totaal += dt;
    s.frames.set(frame, (s.frames.get(frame) ?? 0) + dt);
    const g = groep(k.url, k.functionName);
    s.groepen.set(g, (s.groepen.get(g) ?? 0) + dt);
  }
  const uit: string[] = [];
  const pct = (x: number, tot: number) => `${((100 * x) / tot).toFixed(1)} %`;
  for (const [fase, s] of perFase) {
    uit.push(`\n## ${fase}: ${(s.totaal / 1e6).toFixed(2)} s CPU on the main thread (idle excluded)`);
    uit.push('\nself time by package / folder:');
    for (const [g, v] of [...s.groepen].sort((a, b) => b[1] - a[1]).slice(0, top))
      uit.push(`  ${pct(v, s.totaal).padStart(7)}  ${g}`);
    uit.push('\ntop frames by self time:');
    for (const [f, v] of [...s.frames].sort((a, b) => b[1] - a[1]).slice(0, top))
      uit.push(`  ${pct(v, s.totaal).padStart(7)}  ${f}`);
  }
  return uit.join('\n');
}

if (process.argv[1]?.endsWith('profiel.ts')) {
  const [bestand, fasenBestand, topArg] = process.argv.slice(2);
  if (!bestand) throw new Error('usage: tsx bench/profiel.ts <file.cpuprofile> [fasen.json] [top]');
  const p = JSON.parse(readFileSync(bestand, 'utf8')) as Profiel;
  const fasen = fasenBestand ? (JSON.parse(readFileSync(fasenBestand, 'utf8')) as Fase[]) : [];
  console.log(vat(p, fasen, Number(topArg ?? 15)));
}
