/**
 * Picks up finished SFTP uploads (the server moves a file into wachtrij/ only on CLOSE), processes each
 * through the one intake pipeline and writes `upload/<name>.resultaat.csv`. The raw file is deleted after
 * processing: accepted rows live in the database, nothing else is kept.
 */
import { createReadStream, existsSync } from 'node:fs';
import { readdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Context } from '../../context.ts';
import { csvRegel } from '../../shared/csv-bron.ts';
import { AppError } from '../../shared/errors.ts';
import type { Actor } from '../audit/index.ts';
import { leveringMetSleutel, type Rapport, verwerkSignaalbestand } from '../vroegsignalen/index.ts';
import { bestandOpSchijf, isOrganisatieId, RESULTAAT, sftpBasis, uploadNaam } from './paden.ts';

const KOP = ['regel', 'resultaat', 'reden', 'gemeente'];
const STORING = 'Het bestand kon door een storing niet worden verwerkt. Lever het later opnieuw aan.';

/** Queue entry `<ms>_<keyId>_<rand>_<name>` -> its parts; null for anything else. */
function leesWachtrijNaam(n: string) {
  const m = /^(\d+)_([0-9a-f-]{36})_([0-9a-f]+)_(.+)$/.exec(n);
  return m && uploadNaam(m[4]!) ? { sleutelId: m[2]!, naam: m[4]! } : null;
}

/** The result file: one line per accepted or rejected row, then summary lines (column 'regel' empty). */
export function resultaatCsv(r: Rapport, geaccepteerd: { regel: number; gemeentecode: string }[]): string {
  const namen = new Map(r.perGemeente.map((g) => [g.gemeentecode, g.gemeentenaam]));
  const regels: [number, string][] = [
    ...geaccepteerd.map((g): [number, string] => [
      g.regel,
      csvRegel([g.regel, 'geaccepteerd', '', namen.get(g.gemeentecode) ?? g.gemeentecode]),
    ]),
    ...r.afgewezen.map((a): [number, string] => [a.regel, csvRegel([a.regel, 'afgewezen', a.reden, ''])]),
  ].sort((a, b) => a[0] - b[0]);
  const samenvatting = [
    csvRegel(['', 'levering', r.leveringId, '']),
    csvRegel([
      '',
      'totaal',
      `${r.regels} regels: ${r.geaccepteerd} geaccepteerd (${r.nieuw} nieuw, ${r.herhaling} herhaling), ${r.afgewezenAantal} afgewezen`,
      '',
    ]),
    ...r.perGemeente.map((g) =>
      csvRegel([
        '',
        'gemeente',
        `${g.nieuw + g.herhaling} geaccepteerd (${g.nieuw} nieuw, ${g.herhaling} herhaling)`,
        g.gemeentenaam,
      ]),
    ),
    ...(r.afgewezenAantal > r.afgewezen.length
      ? [csvRegel(['', 'let op', `Alleen de eerste ${r.afgewezen.length} afgewezen regels staan hierboven.`, ''])]
      : []),
  ];
  return csvRegel(KOP) + regels.map(([, l]) => l).join('') + samenvatting.join('');
}

const weigeringCsv = (melding: string) => csvRegel(KOP) + csvRegel(['', 'geweigerd', melding, '']);

/** Claims older than this process were left by a process that stopped mid-file: they are processed again. */
const PROCES_START = Date.now();

async function achtergelatenClaims(root: string, voor: number): Promise<string[]> {
  const claims = await readdir(join(root, 'verwerking')).catch(() => [] as string[]);
  const oud: string[] = [];
  for (const c of claims) {
    const s = await stat(join(root, 'verwerking', c)).catch(() => null);
    if (s && s.ctimeMs < voor && leesWachtrijNaam(c)) oud.push(c);
  }
  return oud;
}

/** Processes every finished upload of every partner once. Returns how many files were handled. */
export async function pollSftp(ctx: Context, opties: { claimsVoor?: number } = {}): Promise<{ verwerkt: number }> {
  const basis = sftpBasis(ctx.config.DATA_DIR);
  if (!existsSync(basis)) return { verwerkt: 0 };
  let verwerkt = 0;
  for (const org of (await readdir(basis)).filter(isOrganisatieId)) {
    const root = join(basis, org);
    // The queue name is the delivery's idempotency key, so a file processed again is never stored twice.
    for (const entry of await achtergelatenClaims(root, opties.claimsVoor ?? PROCES_START)) {
      ctx.log.warn({ organisatieId: org }, 'sftp file left mid-processing; processing it again');
      await verwerkBestand(ctx, org, root, join(root, 'verwerking', entry), leesWachtrijNaam(entry)!, entry);
      verwerkt++;
    }
    const wachtrij = await readdir(join(root, 'wachtrij')).catch(() => [] as string[]);
    for (const entry of wachtrij.sort()) {
      const w = leesWachtrijNaam(entry);
      if (!w) continue;
      // Claim by rename: a second poller gets ENOENT and skips the file.
      const claim = join(root, 'verwerking', entry);
      if (
        !(await rename(join(root, 'wachtrij', entry), claim).then(
          () => true,
          () => false,
        ))
      )
        continue;
      await verwerkBestand(ctx, org, root, claim, w, entry);
      verwerkt++;
    }
  }
  return { verwerkt };
}

async function verwerkBestand(
  ctx: Context,
  organisatieId: string,
  root: string,
  pad: string,
  w: { sleutelId: string; naam: string },
  entry: string,
) {
  const actor: Actor = { organisatieId, soort: 'sftp-sleutel', id: w.sleutelId };
  const idempotentie = { sleutel: `sftp:${entry}`, hash: entry };
  let inhoud: string;
  try {
    const eerder = await leveringMetSleutel(ctx.db.kysely, organisatieId, idempotentie.sleutel);
    const geaccepteerd: { regel: number; gemeentecode: string }[] = [];
    const rapport = eerder
      ? opgeslagen(eerder.rapport)
      : await verwerkSignaalbestand(ctx, actor, organisatieId, createReadStream(pad), w.naam, {
          bron: 'sftp',
          idempotentie,
          perRegel: (regel, gemeentecode) => geaccepteerd.push({ regel, gemeentecode }),
        }).catch(async (e) => {
          // Another process stored this file first: answer with its report.
          const winnaar =
            (e as { code?: string }).code === '23505'
              ? await leveringMetSleutel(ctx.db.kysely, organisatieId, idempotentie.sleutel)
              : undefined;
          if (winnaar) return opgeslagen(winnaar.rapport);
          throw e;
        });
    inhoud = resultaatCsv(rapport, geaccepteerd);
    ctx.log.info(
      {
        organisatieId,
        levering: rapport.leveringId,
        geaccepteerd: rapport.geaccepteerd,
        afgewezen: rapport.afgewezenAantal,
      },
      'sftp file processed',
    );
  } catch (err) {
    // Rolled back by a concurrent upload (deadlock): nothing was stored; back in the queue for the next poll.
    const pg = (err as { code?: string }).code;
    if (pg === '40P01' || pg === '40001') {
      ctx.log.warn(
        { organisatieId, code: pg },
        'sftp file rolled back by a concurrent upload; retried at the next poll',
      );
      await rename(pad, join(root, 'wachtrij', entry)).catch(() => undefined);
      return;
    }
    // A whole-file refusal (unknown column, too large, not a partner) is the partner's to fix; anything else is ours.
    if (err instanceof AppError && err.status < 500) {
      inhoud = weigeringCsv(err.publicMessage);
      await ctx.audit.schrijf({
        actor,
        actie: 'vroegsignaal.levering',
        resultaat: 'geweigerd',
        details: { bron: 'sftp', code: err.code },
      });
    } else {
      ctx.log.error({ err, organisatieId }, 'sftp file failed');
      inhoud = weigeringCsv(STORING);
    }
  }
  // Written under a temporary name, then renamed: a partner never reads half a result.
  const tijdelijk = join(root, 'deel', `${Date.now()}.resultaat.tmp`);
  await writeFile(tijdelijk, inhoud, { mode: 0o600 });
  await rename(tijdelijk, bestandOpSchijf(root, w.naam + RESULTAAT));
  await unlink(pad).catch(() => undefined);
}

const opgeslagen = (r: unknown) => (typeof r === 'string' ? JSON.parse(r) : r) as Rapport;

/** Polls every `seconden` in the server process; runs never overlap. Returns a stop function. */
export function startSftpPoller(ctx: Context, seconden: number): () => void {
  let bezig = false;
  const timer = setInterval(() => {
    if (bezig) return;
    bezig = true;
    pollSftp(ctx)
      .catch((err) => ctx.log.error({ err }, 'sftp poll failed'))
      .finally(() => {
        bezig = false;
      });
  }, seconden * 1000);
  timer.unref();
  return () => clearInterval(timer);
}
