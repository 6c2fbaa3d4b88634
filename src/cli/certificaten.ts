import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Db } from '../db/connection.ts';
import { ensureCa } from '../modules/organisaties/ca.ts';
import { listCertificates, registerCertificate, revokeCertificate } from '../modules/organisaties/certificaten.ts';
import { lijstOrganisaties, vindOrganisatie } from '../modules/organisaties/organisaties.ts';

export interface CliContext {
  db: Db;
  dataDir: string;
  out: (line: string) => void;
}

const GEBRUIK = [
  'Gebruik:',
  '  certificaten uitgeven --organisatie <naam-of-id> [--dagen 365] [--uitvoer <map>]',
  '  certificaten lijst [--organisatie <naam-of-id>]',
  '  certificaten intrekken <serienummer>',
];

const OPTIES: Record<string, string[]> = {
  uitgeven: ['organisatie', 'dagen', 'uitvoer'],
  lijst: ['organisatie'],
  intrekken: [],
};

/** Client certificates for mutual TLS. Exit codes: 0 ok, 1 not done, 2 wrong input. */
export async function certificatenCommand(args: string[], ctx: CliContext): Promise<number> {
  const [sub, ...rest] = args;
  let opts: { flags: Map<string, string>; pos: string[] };
  try {
    opts = parse(rest);
  } catch (err) {
    return usage(ctx, (err as Error).message);
  }
  const onbekendeOptie = [...opts.flags.keys()].find((f) => !(OPTIES[sub ?? ''] ?? []).includes(f));
  if (onbekendeOptie) return usage(ctx, `Onbekende optie: --${onbekendeOptie}`);
  switch (sub) {
    case 'uitgeven':
      return uitgeven(ctx, opts.flags);
    case 'lijst':
      return lijst(ctx, opts.flags);
    case 'intrekken':
      return intrekken(ctx, opts.pos);
    default:
      return usage(ctx, sub ? `Onbekende opdracht: ${sub}` : undefined);
  }
}

async function uitgeven(ctx: CliContext, flags: Map<string, string>): Promise<number> {
  const naamOfId = flags.get('organisatie');
  if (!naamOfId) return usage(ctx, 'Geef de organisatie op met --organisatie.');
  const dagen = Number(flags.get('dagen') ?? '365');
  if (!Number.isInteger(dagen) || dagen < 1 || dagen > 3650)
    return usage(ctx, '--dagen moet een geheel getal van 1 tot en met 3650 zijn.');
  const org = await vindOrganisatie(ctx.db.kysely, naamOfId);
  if (!org) return onbekend(ctx, naamOfId);

  const dir = resolve(flags.get('uitvoer') ?? '.');
  mkdirSync(dir, { recursive: true });
  const ca = await ensureCa(ctx.dataDir);
  const c = await registerCertificate(ctx.db, org, ca, dagen);
  const crt = join(dir, `${c.serienummer}.crt.pem`);
  const key = join(dir, `${c.serienummer}.key.pem`);
  const caFile = join(dir, 'ca.crt.pem');
  try {
    writeFileSync(key, c.keyPem, { flag: 'wx', mode: 0o600 });
    writeFileSync(crt, c.certPem, { flag: 'wx' });
    writeFileSync(caFile, ca.certPem);
  } catch (err) {
    await revokeCertificate(ctx.db, c.serienummer); // the key is lost: do not leave a usable certificate behind
    throw err;
  }

  ctx.out(`Certificaat uitgegeven voor ${org.naam} (${org.id}).`);
  ctx.out(`  Serienummer:   ${c.serienummer}`);
  ctx.out(`  Vingerafdruk:  ${c.vingerafdruk}`);
  ctx.out(`  Geldig van:    ${c.geldigVanaf.toISOString()} tot ${c.geldigTot.toISOString()}`);
  ctx.out(`  Certificaat:   ${crt}`);
  ctx.out(`  Privésleutel:  ${key}  (geheim: alleen aan de organisatie overdragen)`);
  ctx.out(`  Platform-CA:   ${caFile}`);
  return 0;
}

async function lijst(ctx: CliContext, flags: Map<string, string>): Promise<number> {
  const naamOfId = flags.get('organisatie');
  let orgId: string | undefined;
  if (naamOfId) {
    const org = await vindOrganisatie(ctx.db.kysely, naamOfId);
    if (!org) return onbekend(ctx, naamOfId);
    orgId = org.id;
  }
  const rows = await listCertificates(ctx.db, orgId);
  if (rows.length === 0) {
    ctx.out('Geen certificaten gevonden.');
    return 0;
  }
  const namen = new Map((await lijstOrganisaties(ctx.db.kysely)).map((o) => [o.id, o.naam]));
  const now = Date.now();
  const tabel = rows.map((r) => [
    r.serienummer,
    namen.get(r.organisatie_id) ?? r.organisatie_id,
    datum(r.geldig_vanaf),
    datum(r.geldig_tot),
    r.ingetrokken_op
      ? `ingetrokken ${datum(r.ingetrokken_op)}`
      : new Date(r.geldig_tot).getTime() < now
        ? 'verlopen'
        : new Date(r.geldig_vanaf).getTime() > now
          ? 'nog niet geldig'
          : 'geldig',
  ]);
  for (const line of table(['SERIENUMMER', 'ORGANISATIE', 'GELDIG VAN', 'GELDIG TOT', 'STATUS'], tabel)) ctx.out(line);
  return 0;
}

async function intrekken(ctx: CliContext, pos: string[]): Promise<number> {
  const [serienummer] = pos;
  if (!serienummer || pos.length > 1) return usage(ctx, 'Geef precies één serienummer op.');
  if (!(await revokeCertificate(ctx.db, serienummer))) {
    ctx.out(`Certificaat ${serienummer} is onbekend of al ingetrokken.`);
    return 1;
  }
  ctx.out(`Certificaat ${serienummer} is ingetrokken; dit geldt binnen enkele seconden op alle verbindingen.`);
  return 0;
}

function parse(args: string[]): { flags: Map<string, string>; pos: string[] } {
  const flags = new Map<string, string>();
  const pos: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (!a.startsWith('--')) {
      pos.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    if (eq > 0) {
      flags.set(a.slice(2, eq), a.slice(eq + 1));
      continue;
    }
    const v = args[++i];
    if (v === undefined || v.startsWith('--')) throw new Error(`Optie ${a} verwacht een waarde.`);
    flags.set(a.slice(2), v);
  }
  return { flags, pos };
}

function onbekend(ctx: CliContext, naamOfId: string): number {
  ctx.out(`Organisatie "${naamOfId}" bestaat niet. Controleer de naam of het id.`);
  return 2;
}

function usage(ctx: CliContext, fout?: string): number {
  if (fout) ctx.out(fout);
  for (const l of GEBRUIK) ctx.out(l);
  return 2;
}

function datum(d: Date | string): string {
  return new Date(d).toISOString().slice(0, 10);
}

function table(head: string[], rows: string[][]): string[] {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (r: string[]) =>
    r
      .map((c, i) => c.padEnd(w[i]!))
      .join('  ')
      .trimEnd();
  return [fmt(head), ...rows.map(fmt)];
}
