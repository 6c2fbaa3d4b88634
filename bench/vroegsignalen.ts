/**
 * Early-signal intake benchmark: one CSV of `rows` valid signals spread over the real PC4s of the whole
 * country, run through `verwerkSignaalbestand` (parse, validate, route, store, audit), next to a baseline
 * measured in the same run on the same file: a raw csv-parse that only counts records.
 * Sets up its own context on `url` (PostgreSQL) or on an embedded PGlite when `url` is undefined.
 * Target: see doelen.ts ('intake'). Peak RSS is this process's (the intake runs in it).
 */
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { loadConfig } from '../src/config.ts';
import { createContext } from '../src/context.ts';
import { createLogger } from '../src/shared/logger.ts';
import { SYSTEEM, type Actor } from '../src/modules/audit/audit.ts';
import { importeerGemeenten, importeerPostcodes } from '../src/modules/gemeenten/gemeenten.ts';
import { maakOrganisatie } from '../src/modules/organisaties/organisaties.ts';
import { meldAan } from '../src/modules/partners/partners.ts';
import * as partnerStore from '../src/modules/partners/store.ts';
import { verwerkSignaalbestand } from '../src/modules/vroegsignalen/index.ts';
import { plusMaanden, vandaag } from '../src/shared/datum.ts';
import type { Meting } from './doelen.ts';
import { PiekRss } from './geheugen.ts';

/** The repository's reference data (data/README.md), as the tests and the demo use it. */
const DATA = new URL('../data/', import.meta.url).pathname;
const KOP =
  'Achternaam;Voorletters;Straatnaam;Huisnummer;Huisnummer toevoeging;Postcode;Woonplaats;Telefoonnummer 1;Telefoonnummer 2;Telefoonnummer 3;E-mailadres;Aantal maanden achterstand;Bedrag achterstand;Klantnummer\n';
const LETTERS = (() => {
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const out: string[] = [];
  for (const a of abc) for (const b of abc) if (!['SA', 'SD', 'SS'].includes(a + b)) out.push(a + b);
  return out;
})();

const nl = (n: number) => Math.round(n).toLocaleString('nl-NL');

export async function benchVroegsignalen(opts: {
  url?: string;
  rows: number;
  regel: (s: string) => void;
}): Promise<Meting> {
  const { rows, regel } = opts;
  const dir = mkdtempSync(join(tmpdir(), 'sr-bench-vs-'));
  const ctx = await createContext(
    loadConfig(
      {},
      {
        DATABASE_URL: opts.url,
        DATA_DIR: dir,
        LOG_LEVEL: 'warn',
        TLS_PORT: 0,
        PORT: 0,
        PSEUDONIEM_SLEUTELS: `b1:${randomBytes(32).toString('base64')}`,
        // The file is larger than the default 50 MB limit at 1,000,000 rows.
        SIGNAAL_MAX_BYTES: 2 ** 31,
        SIGNAAL_MAX_REGELS: Math.max(rows, 1_000_000),
      },
    ),
    createLogger('warn'),
  );
  try {
    // Municipalities and the real PC4 table; all take part; one partner with a signed agreement everywhere.
    await importeerGemeenten(ctx, SYSTEEM, createReadStream(`${DATA}gemeenten.csv`));
    const pc = await importeerPostcodes(ctx, SYSTEEM, createReadStream(`${DATA}pc4-gemeente.csv`));
    await ctx.db.kysely.updateTable('gemeenten').set({ doet_mee_vroegsignalering: true }).execute();
    const codes = (await ctx.db.kysely.selectFrom('gemeenten').select('gemeentecode').execute()).map(
      (g) => g.gemeentecode,
    );
    const org = await maakOrganisatie(ctx.db.kysely, { naam: 'Bench Energie', type: 'signaalpartner' });
    const actor: Actor = { organisatieId: org.id, soort: 'api-sleutel', id: null };
    await meldAan(ctx, actor, org.id, {
      type: 'Energie',
      sectoren: ['energie'],
      rol: 'eigen-beheer',
      adHoc: false,
      gemeenten: codes,
      contactpersoon: { naam: 'Bench Contact', email: 'vs@bench.example', delen: false },
      tekenbevoegde: { naam: 'Bench Directie', functie: 'Directeur', email: 'directie@bench.example' },
    });
    const dag = vandaag();
    for (const c of await partnerStore.convenantenVoor(ctx.db.kysely, org.id, codes)) {
      await partnerStore.zetGereed(ctx.db.kysely, c.id, 12);
      await partnerStore.zetOndertekend(ctx.db.kysely, c.id, {
        datum: dag,
        einddatum: plusMaanden(dag, 12),
        door: 'Bench Directie',
      });
    }

    // Signals over every PC4 that lies in one municipality (the split ones need exceptions).
    const gesplitst = new Set(pc.gesplitst);
    const pc4s = (await ctx.db.kysely.selectFrom('postcodes_pc4').select('pc4').distinct().orderBy('pc4').execute())
      .map((r) => r.pc4)
      .filter((p) => !gesplitst.has(p));
    const file = join(dir, 'signalen.csv');
    async function* regels() {
      yield KOP;
      const blok: string[] = [];
      for (let i = 0; i < rows; i++) {
        // (pc4, letters, house number) is unique per row: no "same address twice" rejections.
        const j = Math.floor(i / pc4s.length);
        const pc6 = `${pc4s[i % pc4s.length]} ${LETTERS[j % LETTERS.length]}`;
        const hnr = Math.floor(j / LETTERS.length) + 1;
        blok.push(
          `Bench${i % 9973};A.B.;Dorpsstraat;${hnr};${i % 7 === 0 ? 'A' : ''};${pc6};Plaats;06 1234 5678;;;klant${i}@bench.example;${2 + (i % 3) * 0.5};${(50 + (i % 5000) / 7).toFixed(2).replace('.', ',')};K${i}\n`,
        );
        if (blok.length === 10_000) {
          yield blok.join('');
          blok.length = 0;
        }
      }
      if (blok.length) yield blok.join('');
    }
    await pipeline(Readable.from(regels()), createWriteStream(file));
    const mb = statSync(file).size / 1024 / 1024;

    // Baseline: csv-parse alone over the same file.
    const t0 = performance.now();
    let n = 0;
    for await (const _ of createReadStream(file).pipe(parse({ delimiter: ';', from_line: 2 }))) n++;
    const parseS = (performance.now() - t0) / 1000;
    if (n !== rows) throw new Error(`csv-parse read ${n} rows, expected ${rows}`);

    const rss = new PiekRss(process.pid);
    rss.begin();
    const t1 = performance.now();
    const rapport = await verwerkSignaalbestand(ctx, actor, org.id, createReadStream(file), 'bench.csv');
    const intakeS = (performance.now() - t1) / 1000;
    const piek = rss.piek();
    rss.stop();
    if (rapport.geaccepteerd !== rows || rapport.nieuw !== rows) {
      throw new Error(
        `intake accepted ${rapport.geaccepteerd} (new ${rapport.nieuw}) of ${rows}; first rejections: ${JSON.stringify(rapport.afgewezen.slice(0, 3))}`,
      );
    }
    regel(
      `early-signal intake     : ${intakeS.toFixed(2)} s for ${nl(rows)} rows (${mb.toFixed(0)} MB, ${nl(pc4s.length)} PC4s, ${rapport.perGemeente.length} municipalities) = ${nl(rows / intakeS)} rows/s; baseline csv-parse of the same file ${parseS.toFixed(2)} s = ${nl(rows / parseS)} rows/s; peak RSS (bench process) ${Math.round(piek / 2 ** 20)} MB`,
    );
    return { figuur: 'intake', waarde: intakeS / parseS, rssBytes: piek };
  } finally {
    await ctx.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
