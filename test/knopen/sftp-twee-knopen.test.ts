import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { databases, testOmgeving, TEST_SLEUTELS, type TestOmgeving } from '../helpers/omgeving.ts';
import {
  aanmelding,
  csv,
  gemeenteOrg,
  laadGemeenten,
  partnerMetConvenanten,
  rij,
} from '../helpers/fixtures/vroegsignalering.ts';
import { pollSftp } from '../../src/modules/sftp/poller.ts';
import { maakMappen } from '../../src/modules/sftp/paden.ts';

const postgres = (await databases()).includes('postgres');

/**
 * Node A is killed (SIGKILL) while it processes an SFTP signal file from the folder every node shares; node B
 * takes the file over and processes it, once: one delivery, every row once, a result file for the partner.
 */
describe.runIf(postgres)('SFTP files on two nodes (PostgreSQL, shared folder)', () => {
  let t: TestOmgeving;
  beforeAll(async () => {
    t = await testOmgeving('postgres');
    await laadGemeenten(t, ['GM0344']);
  });
  afterAll(async () => t?.sluit());

  it('node A killed mid-file: node B processes the file once', async () => {
    const utrecht = await gemeenteOrg(t, 'Gemeente Utrecht Knopen', 'GM0344');
    const partner = await t.organisatie('Energie Twee Knopen', 'signaalpartner');
    await partnerMetConvenanten(t, partner, aanmelding(['GM0344']), [utrecht]);
    const root = join(t.config.DATA_DIR, 'sftp', partner.id);
    maakMappen(root);
    const n = 20_000;
    const rijen = Array.from({ length: n }, (_, i) => rij(`Knoop${i}`, '3511AB', String(i + 1)));
    const entry = `${Date.now()}_${randomUUID()}_${randomBytes(4).toString('hex')}_groot.csv`;
    writeFileSync(join(root, 'wachtrij', entry), csv(rijen));

    const kind = spawn(process.execPath, ['--import', 'tsx', 'test/knopen/sftp-kind.ts'], {
      env: {
        ...process.env,
        DATABASE_URL: t.url,
        DATA_DIR: t.config.DATA_DIR,
        PSEUDONIEM_SLEUTELS: TEST_SLEUTELS,
        LOG_LEVEL: 'silent',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const weg = new Promise<void>((r) => kind.once('exit', () => r()));
    let uitvoer = '';
    kind.stdout!.on('data', (d) => {
      uitvoer += String(d);
    });
    // Kill node A as soon as it holds the file (claimed under its process number) and before it is done.
    const start = Date.now();
    let geclaimd: string | undefined;
    while (!geclaimd && Date.now() - start < 120_000) {
      geclaimd = readdirSync(join(root, 'verwerking')).find((c) => /^p\d+~/.test(c));
      if (!geclaimd) await new Promise((r) => setTimeout(r, 5));
    }
    kind.kill('SIGKILL');
    await weg;
    expect(geclaimd).toBeDefined();
    expect(uitvoer).not.toContain('verwerkt'); // A never finished
    expect(existsSync(join(root, 'upload', 'groot.csv.resultaat.csv'))).toBe(false);

    // Node B (this process) polls: A's lock is gone with its connection, so B takes the claim over.
    let verwerkt = 0;
    for (let i = 0; i < 50 && verwerkt === 0; i++) {
      verwerkt = (await pollSftp(t.ctx)).verwerkt;
      if (verwerkt === 0) await new Promise((r) => setTimeout(r, 100));
    }
    expect(verwerkt).toBe(1);
    expect(await pollSftp(t.ctx)).toEqual({ verwerkt: 0 });
    const leveringen = await t.ctx.db.kysely
      .selectFrom('vroegsignaal_leveringen')
      .select(sql<number>`count(*)`.as('n'))
      .where('partner_id', '=', partner.id)
      .executeTakeFirstOrThrow();
    expect(Number(leveringen.n)).toBe(1);
    const signalen = await t.ctx.db.kysely
      .selectFrom('vroegsignalen')
      .select(sql<number>`count(*)`.as('n'))
      .where('partner_id', '=', partner.id)
      .executeTakeFirstOrThrow();
    expect(Number(signalen.n)).toBe(n);
    expect(readFileSync(join(root, 'upload', 'groot.csv.resultaat.csv'), 'utf8')).toContain(
      `${n} regels: ${n} geaccepteerd`,
    );
    expect(readdirSync(join(root, 'verwerking'))).toEqual([]);
  }, 240_000); // a node process starting and 20,000 rows on a busy 2-core machine
});
