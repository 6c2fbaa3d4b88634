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

/** Untagged claims (an older version) older than this process were left by a process that stopped mid-file. */
const PROCES_START = Date.now();

/** A claim in verwerking/: `p<process number>~<queue name>`; the number tells which node holds it. */
const claimNaam = (proces: number, entry: string) => `p${proces}~${entry}`;
function leesClaim(n: string): { proces: number | null; entry: string } | null {
  const m = /^p(\d{1,8})~(.+)$/.exec(n);
  const entry = m ? m[2]! : n;
  return leesWachtrijNaam(entry) ? { proces: m ? Number(m[1]) : null, entry } : null;
}

/**
 * Claims whose node no longer runs (killed, crashed, stopped mid-file), taken over by this process with a rename
 * (atomic: when two nodes try, one gets ENOENT). The node's liveness is its advisory lock on PostgreSQL
 * (db/proces.ts); untagged claims of an older version count as left when older than `voor`.
 */
async function overgenomenClaims(
  ctx: Context,
  root: string,
  voor: number,
): Promise<Array<{ pad: string; entry: string }>> {
  const claims = await readdir(join(root, 'verwerking')).catch(() => [] as string[]);
  const eigen = ctx.db.proces.nummer;
  const uit: Array<{ pad: string; entry: string }> = [];
  for (const c of claims) {
    const claim = leesClaim(c);
    if (!claim || claim.proces === eigen) continue;
    if (claim.proces === null) {
      const s = await stat(join(root, 'verwerking', c)).catch(() => null);
      if (!s || s.ctimeMs >= voor) continue;
    } else if (await ctx.db.proces.leeft(claim.proces)) continue;
    const pad = join(root, 'verwerking', claimNaam(eigen, claim.entry));
    if (await gelukt(rename(join(root, 'verwerking', c), pad))) uit.push({ pad, entry: claim.entry });
  }
  return uit;
}

const gelukt = (p: Promise<unknown>) =>
  p.then(
    () => true,
    () => false,
  );

/**
 * Processes every finished upload of every partner once, on whichever node polls first: a file is claimed by
 * renaming it into verwerking/ under this process's number. Returns how many files were handled.
 */
export async function pollSftp(ctx: Context, opties: { claimsVoor?: number } = {}): Promise<{ verwerkt: number }> {
  const basis = sftpBasis(ctx.config);
  if (!existsSync(basis)) return { verwerkt: 0 };
  let verwerkt = 0;
  for (const org of (await readdir(basis)).filter(isOrganisatieId)) {
    const root = join(basis, org);
    // The queue name is the delivery's idempotency key, so a file processed again is never stored twice.
    for (const c of await overgenomenClaims(ctx, root, opties.claimsVoor ?? PROCES_START)) {
      ctx.log.warn({ organisatieId: org }, 'sftp file left mid-processing; processing it again');
      await verwerkBestand(ctx, org, root, c.pad, leesWachtrijNaam(c.entry)!, c.entry);
      verwerkt++;
    }
    const wachtrij = await readdir(join(root, 'wachtrij')).catch(() => [] as string[]);
    for (const entry of wachtrij.sort()) {
      const w = leesWachtrijNaam(entry);
      if (!w) continue;
      // Claim by rename: a second poller (this node or another) gets ENOENT and skips the file.
      const claim = join(root, 'verwerking', claimNaam(ctx.db.proces.nummer, entry));
      if (!(await gelukt(rename(join(root, 'wachtrij', entry), claim)))) continue;
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
