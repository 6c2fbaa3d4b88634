/**
 * npm run deps: the module rules of src/ (.dependency-cruiser.cjs, checked by dependency-cruiser), plus "no loops
 * between modules": the graph of direct imports from one module (src/modules/<naam>/) into another may have no cycle.
 * (dependency-cruiser finds loops between files; a loop a -> b -> a through the modules' faces is not one.)
 * Exits 1 on any violation. `tsx scripts/afhankelijkheden.ts <map>` checks another tree (used by its test).
 */
import { resolve } from 'node:path';
import { cruise, type ICruiseResult, type IModule } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';

export interface Bevinding {
  regel: string;
  van: string;
  naar: string;
  via?: string[];
}

const moduleVan = (pad: string) => /^src\/modules\/([^/]+)\//.exec(pad)?.[1] ?? null;

/** Strongly connected components (Tarjan) of the module graph with more than one module, each as one loop. */
export function moduleKringen(modules: IModule[]): { kring: string[]; importen: string[] }[] {
  const naar = new Map<string, Map<string, string>>();
  for (const m of modules) {
    const a = moduleVan(m.source);
    if (!a) continue;
    for (const d of m.dependencies) {
      const b = moduleVan(d.resolved);
      if (!b || b === a) continue;
      const rand = naar.get(a) ?? naar.set(a, new Map()).get(a)!;
      if (!rand.has(b)) rand.set(b, `${m.source} -> ${d.resolved}`);
    }
  }
  const index = new Map<string, number>();
  const laag = new Map<string, number>();
  const stapel: string[] = [];
  const opStapel = new Set<string>();
  const uit: { kring: string[]; importen: string[] }[] = [];
  let teller = 0;
  const bezoek = (v: string) => {
    index.set(v, teller);
    laag.set(v, teller++);
    stapel.push(v);
    opStapel.add(v);
    for (const w of naar.get(v)?.keys() ?? []) {
      if (!index.has(w)) {
        bezoek(w);
        laag.set(v, Math.min(laag.get(v)!, laag.get(w)!));
      } else if (opStapel.has(w)) laag.set(v, Math.min(laag.get(v)!, index.get(w)!));
    }
    if (laag.get(v) === index.get(v)) {
      const scc: string[] = [];
      for (let w = stapel.pop()!; ; w = stapel.pop()!) {
        opStapel.delete(w);
        scc.push(w);
        if (w === v) break;
      }
      if (scc.length > 1) {
        const leden = new Set(scc);
        const importen = scc.flatMap((a) => [...(naar.get(a) ?? [])].filter(([b]) => leden.has(b)).map(([, i]) => i));
        uit.push({ kring: scc.sort(), importen });
      }
    }
  };
  for (const v of [...naar.keys()].sort()) if (!index.has(v)) bezoek(v);
  return uit;
}

/** Runs dependency-cruiser with the repository's rules on `<root>/src`, and the module-loop check. */
export async function controleer(root = process.cwd()): Promise<Bevinding[]> {
  const repo = resolve(import.meta.dirname, '..');
  const opties = await extractDepcruiseOptions(resolve(repo, '.dependency-cruiser.cjs'));
  const ts = extractTSConfig(resolve(repo, 'tsconfig.json'));
  const r = await cruise(['src'], { ...opties, baseDir: root, validate: true, outputType: 'json' }, undefined, {
    tsConfig: ts,
  });
  const uitvoer = (typeof r.output === 'string' ? JSON.parse(r.output) : r.output) as ICruiseResult;
  const bevindingen: Bevinding[] = uitvoer.summary.violations.map((v) => ({
    regel: v.rule.name,
    van: v.from,
    naar: v.to,
    ...(v.cycle ? { via: v.cycle.map((c) => c.name) } : {}),
  }));
  for (const k of moduleKringen(uitvoer.modules))
    bevindingen.push({ regel: 'geen-kringen-tussen-modules', van: k.kring.join(' <-> '), naar: '', via: k.importen });
  return bevindingen;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const bevindingen = await controleer(process.argv[2] ? resolve(process.argv[2]) : process.cwd());
  for (const b of bevindingen) {
    console.error(`✗ ${b.regel}: ${b.van}${b.naar ? ` -> ${b.naar}` : ''}`);
    for (const v of b.via ?? []) console.error(`    ${v}`);
  }
  if (bevindingen.length > 0) {
    console.error(
      `\n${bevindingen.length} overtreding(en) van de moduleregels (.dependency-cruiser.cjs, docs/architectuur.md).`,
    );
    process.exit(1);
  }
  console.log('✔ moduleregels: geen overtredingen (alleen via de gevel, geen kringen tussen bestanden of modules)');
}
