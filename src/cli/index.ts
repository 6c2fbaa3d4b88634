import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { createContext, type Context } from '../context.ts';
import { claimDataDir } from '../db/lock.ts';
import { ORGANISATIE_TYPES, type OrganisatieType } from '../db/schema.ts';
import { createLogger } from '../shared/logger.ts';
import { JOBS } from '../jobs/scheduler.ts';
import { lijstOrganisaties, maakOrganisatie, vindOrganisatie } from '../modules/organisaties/organisaties.ts';
import { lijstApiSleutels, maakApiSleutel, trekApiSleutelIn } from '../modules/organisaties/api-sleutels.ts';
import { certificatenCommand } from './certificaten.ts';
import { gebruikerCommand, GEBRUIKER_HULP } from '../modules/accounts/cli.ts';
import { laadDemoData } from './demo.ts';
import { createReadStream } from 'node:fs';
import { SYSTEEM } from '../modules/audit/audit.ts';
import { verifieerKeten } from '../modules/audit/keten.ts';
import { AppError } from '../shared/errors.ts';
import {
  importeerGemeenten,
  importeerPostcodes,
  zetDeelname,
  zetUitzondering,
} from '../modules/gemeenten/gemeenten.ts';
import { ddasCommand, ddasValideer, DDAS_HULP } from '../modules/ddas/cli.ts';

const HULP = `Gebruik: npm run cli -- <opdracht> [opties]

  organisaties lijst
  organisaties aanmaken --naam <naam> --type <${ORGANISATIE_TYPES.join('|')}> [--gemeentecode GM0344]
  api-sleutel aanmaken --organisatie <naam-of-id> [--omschrijving <tekst>] [--test]  (--test: alleen VISH-testgegevens)
  api-sleutel lijst [--organisatie <naam-of-id>]
  api-sleutel intrekken <id>
  certificaat uitgeven --organisatie <naam-of-id> [--dagen 365] [--uitvoer <map>]
  certificaat lijst [--organisatie <naam-of-id>]
  certificaat intrekken <serienummer>
${GEBRUIKER_HULP.trimEnd()}
  jobs uitvoeren [${Object.keys(JOBS).join('|')}]
  audit verifieer                              (controleert de hashketen van het auditlog; exit 1 bij breuk)
  demo laden
  gemeenten importeren <gemeenten.csv>         (gemeentecode;gemeentenaam)
  gemeenten deelname <GM0344> <aan|uit>
  postcodes importeren <pc4-gemeente.csv>      (pc4;gemeentecode[;gemeentenaam]; vervangt de hele PC4-tabel)
  postcodes importeren <pc6hnr2024..._gwb.csv> (CBS-bestand per adres: PC6;Huisnummer;...;Gemeente<jaar>;
                                                vervangt de PC4-tabel en alle uitzonderingen)
  postcodes uitzondering <1234AB> --gemeentecode GM0281 [--huisnummer 12]
${DDAS_HULP.trimEnd()}
`;

const out = (line: string) => process.stdout.write(line + '\n');

async function run(argv: string[]): Promise<number> {
  const [groep, actie, ...rest] = argv;
  if (!groep || groep === 'help' || groep === '--help') {
    out(HULP);
    return groep ? 0 : 2;
  }
  if (groep === 'ddas' && actie === 'valideer') return ddasValideer(rest, out); // no database: works next to a running server
  const config = loadConfig();
  const release = config.DATABASE_URL ? () => undefined : claimDataDir(`${config.DATA_DIR}/pglite`);
  const ctx = await createContext(config, createLogger('warn'));
  try {
    if (groep === 'certificaat')
      return await certificatenCommand([actie ?? '', ...rest], { db: ctx.db, dataDir: config.DATA_DIR, out });
    if (groep === 'gebruiker') return await gebruikerCommand(ctx, [actie ?? '', ...rest], out);
    if (groep === 'ddas') return await ddasCommand(ctx, [actie ?? '', ...rest], out);
    return await opdracht(ctx, groep, actie, rest);
  } finally {
    await ctx.close();
    release();
  }
}

async function opdracht(ctx: Context, groep: string, actie: string | undefined, rest: string[]): Promise<number> {
  const db = ctx.db.kysely;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      naam: { type: 'string' },
      type: { type: 'string' },
      gemeentecode: { type: 'string' },
      organisatie: { type: 'string' },
      omschrijving: { type: 'string' },
      huisnummer: { type: 'string' },
      test: { type: 'boolean' },
    },
  });
  const org = async () => {
    const o = values.organisatie ? await vindOrganisatie(db, values.organisatie) : undefined;
    if (!o) out(`Organisatie '${values.organisatie ?? ''}' niet gevonden.`);
    return o;
  };
  switch (`${groep} ${actie ?? ''}`.trim()) {
    case 'organisaties lijst':
      for (const o of await lijstOrganisaties(db)) out(`${o.id}  ${o.type.padEnd(20)} ${o.status.padEnd(9)} ${o.naam}`);
      return 0;
    case 'organisaties aanmaken': {
      if (!values.naam || !ORGANISATIE_TYPES.includes(values.type as OrganisatieType)) {
        out(HULP);
        return 2;
      }
      const o = await maakOrganisatie(db, {
        naam: values.naam,
        type: values.type as OrganisatieType,
        gemeentecode: values.gemeentecode ?? null,
      });
      out(`Organisatie aangemaakt: ${o.id}`);
      return 0;
    }
    case 'api-sleutel aanmaken': {
      const o = await org();
      if (!o) return 2;
      const k = await maakApiSleutel(db, o.id, values.omschrijving ?? 'Aangemaakt via CLI', {
        test: values.test === true,
      });
      out(
        `${values.test ? 'Test-API-sleutel' : 'API-sleutel'} ${k.id} voor ${o.naam} (wordt maar één keer getoond):\n${k.sleutel}`,
      );
      return 0;
    }
    case 'api-sleutel lijst': {
      const o = values.organisatie ? await org() : undefined;
      if (values.organisatie && !o) return 2;
      for (const k of await lijstApiSleutels(db, o?.id))
        out(
          `${k.id}  ${k.organisatie_id}  ${k.ingetrokken_op ? 'ingetrokken' : 'actief     '}  ${k.test ? 'test ' : ''}${k.omschrijving}`,
        );
      return 0;
    }
    case 'api-sleutel intrekken': {
      const ok = positionals[0] ? await trekApiSleutelIn(db, positionals[0]) : false;
      out(ok ? 'API-sleutel ingetrokken.' : 'Onbekende of al ingetrokken API-sleutel.');
      return ok ? 0 : 2;
    }
    case 'jobs uitvoeren': {
      const namen = positionals.length ? positionals : Object.keys(JOBS);
      for (const naam of namen) {
        const job = JOBS[naam as keyof typeof JOBS];
        if (!job) {
          out(`Onbekende job: ${naam}`);
          return 2;
        }
        out(`${naam}: ${JSON.stringify(await job(ctx))}`);
      }
      return 0;
    }
    case 'gemeenten importeren': {
      if (!positionals[0]) {
        out(HULP);
        return 2;
      }
      const r = await importeerGemeenten(ctx, SYSTEEM, createReadStream(positionals[0]));
      out(`${r.gemeenten} gemeenten geïmporteerd.`);
      return 0;
    }
    case 'postcodes importeren': {
      if (!positionals[0]) {
        out(HULP);
        return 2;
      }
      const r = await importeerPostcodes(ctx, SYSTEEM, createReadStream(positionals[0]));
      out(
        r.formaat === 'cbs-pc6hnr'
          ? `CBS-bestand: ${r.rijen} adressen, ${r.pc4} PC4's geïmporteerd (elk naar de gemeente met de meeste adressen). ` +
              `${r.uitzonderingen} uitzonderingen voor de ${r.gesplitst.length} PC4's in meer dan één gemeente: ${r.gesplitst.join(', ') || 'geen'}.`
          : `${r.rijen} regels, ${r.pc4} PC4's geïmporteerd. In twee gemeenten (uitzondering per PC6 nodig): ${r.gesplitst.join(', ') || 'geen'}.`,
      );
      return 0;
    }
    case 'gemeenten deelname': {
      const [code, aanUit] = positionals;
      if (!code || (aanUit !== 'aan' && aanUit !== 'uit')) {
        out(HULP);
        return 2;
      }
      await zetDeelname(ctx, SYSTEEM, code.toUpperCase(), aanUit === 'aan');
      out(`Deelname vroegsignalering ${code.toUpperCase()}: ${aanUit}.`);
      return 0;
    }
    case 'postcodes uitzondering': {
      if (!positionals[0] || !values.gemeentecode) {
        out(HULP);
        return 2;
      }
      const huisnummer = values.huisnummer ? Number(values.huisnummer) : null;
      const u = await zetUitzondering(ctx, SYSTEEM, {
        postcode: positionals[0],
        huisnummer,
        gemeentecode: values.gemeentecode.toUpperCase(),
      });
      out(`Uitzondering vastgelegd: ${u.pc6}${u.huisnummer ? ` ${u.huisnummer}` : ''} -> ${u.gemeentecode}.`);
      return 0;
    }
    case 'audit verifieer': {
      await ctx.audit.verzegel();
      const v = await verifieerKeten(db);
      out(
        `${v.intact ? 'Auditketen intact' : 'AUDITKETEN GEBROKEN'}: ${v.gecontroleerd} regels (${v.eersteVolgnr ?? '-'}..${v.laatsteVolgnr ?? '-'}), ${v.ongezegeld} nog niet verzegeld.`,
      );
      for (const f of v.fouten) out(`  regel ${f.volgnr}: ${f.reden}`);
      return v.intact ? 0 : 1;
    }
    case 'demo laden':
      out((await laadDemoData(ctx)) ? 'Demodata geladen.' : 'De database bevat al organisaties; niets gedaan.');
      return 0;
    default:
      out(HULP);
      return 2;
  }
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(
      `Fout: ${err instanceof AppError ? `${err.publicMessage}${err.details ? ` ${JSON.stringify(err.details).slice(0, 2000)}` : ''}` : err instanceof Error ? err.message : String(err)}\n`,
    );
    process.exit(1);
  },
);
