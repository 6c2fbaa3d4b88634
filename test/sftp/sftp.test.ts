import { execFile, type ExecFileOptions } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import ssh2, { type ParsedKey, type SFTPWrapper } from 'ssh2';
import { databases, testOmgeving, type TestOmgeving } from '../helpers/omgeving.ts';
import {
  aanmelding,
  csv,
  gemeenteOrg,
  KOP,
  laadGemeenten,
  partnerMetConvenanten,
  rij,
  type Org,
} from '../helpers/fixtures/vroegsignalering.ts';
import { startSftpServer, type SftpServer } from '../../src/modules/sftp/server.ts';
import { pollSftp } from '../../src/modules/sftp/poller.ts';
import { volgendeLeveringenDeadlock } from '../helpers/fixtures/deadlock.ts';
import { vingerafdruk } from '../../src/modules/sftp/sleutels.ts';

const { BaseAgent, Client, utils } = ssh2;
type BaseAgent = InstanceType<typeof ssh2.BaseAgent>;
type Client = InstanceType<typeof ssh2.Client>;
/**
 * ssh2's generator drops a leading zero byte of the ed25519 public key about once in 250 keys, giving a 31-byte key
 * that OpenSSH would never make and the platform rightly refuses: only well-formed keys are used here.
 */
const nieuweSleutel = (): { public: string; private: string } => {
  for (;;) {
    const k = utils.generateKeyPairSync('ed25519');
    if (Buffer.from(k.public.split(' ')[1]!, 'base64').length === 51) return k; // 4+11 type, 4+32 key
  }
};
const parse = (k: string) => utils.parseKey(k) as ParsedKey;

/** Presents A's public key but signs with another private key: only the signature check can refuse it. */
class VervalsteAgent extends BaseAgent<ParsedKey> {
  constructor(
    private readonly publiek: string,
    private readonly prive: string,
  ) {
    super();
  }
  getIdentities(cb: (err: Error | undefined, keys?: ParsedKey[]) => void) {
    cb(undefined, [parse(this.publiek)]);
  }
  sign(_k: ParsedKey, data: Buffer, ...rest: unknown[]) {
    (rest.pop() as (err: Error | undefined, sig?: Buffer) => void)(undefined, parse(this.prive).sign(data));
  }
}

/** Runs a program with text on its stdin; rejects on a non-zero exit or timeout. */
const execFileAsync = (file: string, args: string[], o: ExecFileOptions & { input: string }) =>
  new Promise<string>((resolve, reject) => {
    const child = execFile(file, args, o, (err, stdout) => (err ? reject(err) : resolve(String(stdout))));
    child.stdin?.end(o.input);
  });

/** sftp-client calls as promises. */
const p = <T = void>(f: (cb: (err?: Error | null, v?: T) => void) => void) =>
  new Promise<T>((resolve, reject) => f((err, v) => (err ? reject(err) : resolve(v as T))));

for (const kind of await databases()) {
  describe(`SFTP delivery on ${kind}`, () => {
    let t: TestOmgeving;
    let server: SftpServer;
    let utrecht: Org;
    let a: Org;
    let b: Org;
    const keyA = nieuweSleutel();
    const keyA2 = nieuweSleutel();
    const keyB = nieuweSleutel();
    const clients: Client[] = [];

    beforeAll(async () => {
      t = await testOmgeving(kind);
      // Amsterdam takes part, but A has not signed with it.
      await laadGemeenten(t, ['GM0344', 'GM0363']);
      utrecht = await gemeenteOrg(t, 'Gemeente Utrecht', 'GM0344');
      a = await t.organisatie('Energie A', 'signaalpartner');
      b = await t.organisatie('Energie B', 'signaalpartner');
      await partnerMetConvenanten(t, a, aanmelding(['GM0344', 'GM0363']), [utrecht]);
      server = await startSftpServer(t.ctx, { host: '127.0.0.1', port: 0 });
      for (const [org, k, o] of [
        [a, keyA, 'A'],
        [a, keyA2, 'A reserve'],
        [b, keyB, 'B'],
      ] as const) {
        const r = await registreer(org, k.public, o);
        expect(r.statusCode).toBe(201);
      }
    });
    afterAll(async () => {
      for (const c of clients) c.end();
      await server?.close();
      await t?.sluit();
    });

    const registreer = (org: Org, publiekeSleutel: string, omschrijving = 'test') =>
      t.app.inject({
        method: 'POST',
        url: '/api/sftp/sleutels',
        headers: org.headers,
        payload: { publiekeSleutel, omschrijving },
      });

    /** Connects with a real ssh2 client; checks the host key against the server's fingerprint. */
    type Auth = { privateKey: string } | { password: string } | { agent: BaseAgent };
    const verbind = (username: string, auth: Auth) =>
      new Promise<SFTPWrapper>((resolve, reject) => {
        const c = new Client();
        clients.push(c);
        c.on('ready', () => c.sftp((err, sftp) => (err ? reject(err) : resolve(sftp))))
          .on('error', reject)
          .connect({
            host: '127.0.0.1',
            port: server.port,
            username,
            ...auth,
            readyTimeout: 10_000,
            hostVerifier: (k: Buffer) => vingerafdruk(k) === server.vingerafdruk,
          });
      });
    const geweigerd = async (username: string, auth: Auth) =>
      expect(verbind(username, auth)).rejects.toThrow(/authentication methods failed/);
    const aantal = async (tabel: 'vroegsignalen' | 'vroegsignaal_leveringen') =>
      Number(
        (await t.ctx.db.kysely.selectFrom(tabel).select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()).n,
      );
    const partnerRoot = (org: Org) => join(t.config.DATA_DIR, 'sftp', org.id);

    it('a partner manages its own keys only', async () => {
      expect((await registreer(a, 'ssh-ed25519 AAAAgeenSleutel')).statusCode).toBe(400);
      // A 31-byte ed25519 key (malformed) is refused too.
      expect(
        (await registreer(a, 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAH/JtVJwVsyTQQtr5DasxHVBQZClcNU+HsGLLORNrNSE='))
          .statusCode,
      ).toBe(400);
      expect((await registreer(a, nieuweSleutel().private)).json().title).toContain('privésleutel');
      expect((await registreer(b, keyA.public)).statusCode).toBe(409);
      const eigen = (await t.app.inject({ method: 'GET', url: '/api/sftp/sleutels', headers: a.headers })).json() as {
        id: string;
        vingerafdruk: string;
      }[];
      expect(eigen).toHaveLength(2);
      const vanB = (await t.app.inject({ method: 'GET', url: '/api/sftp/sleutels', headers: b.headers })).json() as {
        id: string;
      }[];
      expect(vanB.map((k) => k.id)).not.toContain(eigen[0]!.id);
      expect(
        (await t.app.inject({ method: 'DELETE', url: `/api/sftp/sleutels/${eigen[0]!.id}`, headers: b.headers }))
          .statusCode,
      ).toBe(404);
      expect(
        (await t.app.inject({ method: 'GET', url: '/api/sftp/sleutels', headers: utrecht.headers })).statusCode,
      ).toBe(403);
    });

    it('processes an uploaded file and answers with a result file next to it', async () => {
      const sftp = await verbind(a.id, { privateKey: keyA.private });
      expect(await p<string>((cb) => sftp.realpath('.', cb))).toBe('/');
      await p((cb) =>
        sftp.writeFile(
          'upload/signalen.csv',
          csv([
            rij('Jansen', '3511AB', '1'), // 2 Utrecht
            rij('de Vries', '1011AB', '2'), // 3 Amsterdam: not signed
            rij('', '3511AB', '4'), // 4 no surname
            rij('Pietersen', '3511AB', '3'), // 5 Utrecht
          ]),
          cb,
        ),
      );
      // Finished (closed) uploads wait in the private queue, not in the partner's folder.
      expect(readdirSync(join(partnerRoot(a), 'wachtrij'))).toHaveLength(1);
      expect(await pollSftp(t.ctx)).toEqual({ verwerkt: 1 });
      expect(await pollSftp(t.ctx)).toEqual({ verwerkt: 0 });

      const namen = (await p<{ filename: string }[]>((cb) => sftp.readdir('upload', cb))).map((e) => e.filename);
      expect(namen).toEqual(['signalen.csv.resultaat.csv']);
      const resultaat = (await p<Buffer>((cb) => sftp.readFile('upload/signalen.csv.resultaat.csv', cb))).toString(
        'utf8',
      );
      const regels = resultaat.split('\r\n');
      expect(regels[0]).toBe('regel;resultaat;reden;gemeente');
      expect(regels.slice(1, 5)).toEqual([
        '2;geaccepteerd;;Utrecht',
        '3;afgewezen;"Geen ondertekende, geldige overeenkomst met deze gemeente (Amsterdam)";',
        '4;afgewezen;Achternaam ontbreekt;',
        '5;geaccepteerd;;Utrecht',
      ]);
      expect(resultaat).toContain(';totaal;"4 regels: 2 geaccepteerd (2 nieuw, 0 herhaling), 2 afgewezen";');
      expect(resultaat).toContain(';gemeente;"2 geaccepteerd (2 nieuw, 0 herhaling)";Utrecht');
      expect(resultaat).not.toMatch(/Jansen|Pietersen|Vries/);

      const signalen = await t.ctx.db.kysely
        .selectFrom('vroegsignalen as s')
        .innerJoin('vroegsignaal_leveringen as l', 'l.id', 's.levering_id')
        .select(['s.gemeentecode', 's.huisnummer', 'l.bron', 'l.bestandsnaam'])
        .where('s.partner_id', '=', a.id)
        .orderBy('s.huisnummer')
        .execute();
      expect(signalen).toEqual([
        { gemeentecode: 'GM0344', huisnummer: 1, bron: 'sftp', bestandsnaam: 'signalen.csv' },
        { gemeentecode: 'GM0344', huisnummer: 3, bron: 'sftp', bestandsnaam: 'signalen.csv' },
      ]);
      const audit = await t.ctx.db.kysely
        .selectFrom('audit_log')
        .select(['actor_soort', 'organisatie_id'])
        .where('actie', '=', 'vroegsignaal.levering')
        .execute();
      expect(audit).toEqual([{ actor_soort: 'sftp-sleutel', organisatie_id: a.id }]);
      // The partner is notified that the file was processed, with the report's id and counts (no names).
      const melding = await t.ctx.db.kysely
        .selectFrom('notificatie_gebeurtenissen')
        .select(['data', 'doel'])
        .where('type', '=', 'levering.verwerkt')
        .execute();
      expect(melding).toMatchObject([
        { data: { bron: 'sftp', geaccepteerd: 2, afgewezen: 2 }, doel: { organisaties: [a.id] } },
      ]);
      // The raw file is gone; the partner may delete its result file.
      expect(readdirSync(join(partnerRoot(a), 'verwerking'))).toEqual([]);
      await p((cb) => sftp.unlink('upload/signalen.csv.resultaat.csv', cb));
    });

    it('a file rolled back by a concurrent upload (deadlock) goes back to the queue and is processed at the next poll', async () => {
      const sftp = await verbind(a.id, { privateKey: keyA.private });
      await p((cb) => sftp.writeFile('upload/tegelijk.csv', csv([rij('Visser', '3511AB', '31')]), cb));
      await volgendeLeveringenDeadlock(t.ctx.db.kysely);
      const voor = await aantal('vroegsignalen');
      expect(await pollSftp(t.ctx)).toEqual({ verwerkt: 1 });
      expect(readdirSync(join(partnerRoot(a), 'wachtrij'))).toHaveLength(1);
      expect(
        (await p<{ filename: string }[]>((cb) => sftp.readdir('upload', cb))).map((e) => e.filename),
      ).not.toContain('tegelijk.csv.resultaat.csv');
      expect(await aantal('vroegsignalen')).toBe(voor);
      expect(await pollSftp(t.ctx)).toEqual({ verwerkt: 1 });
      expect(await aantal('vroegsignalen')).toBe(voor + 1);
      const resultaat = (await p<Buffer>((cb) => sftp.readFile('upload/tegelijk.csv.resultaat.csv', cb))).toString(
        'utf8',
      );
      expect(resultaat).toContain('1 geaccepteerd (1 nieuw, 0 herhaling)');
      await p((cb) => sftp.unlink('upload/tegelijk.csv.resultaat.csv', cb));
    });

    it('a file left mid-processing by a stopped process is processed again, and never stored twice', async () => {
      const sftp = await verbind(a.id, { privateKey: keyA.private });
      await p((cb) =>
        sftp.writeFile('upload/herstart.csv', csv([rij('Bakker', '3511AB', '21'), rij('Smit', '3511AB', '22')]), cb),
      );
      const [entry] = readdirSync(join(partnerRoot(a), 'wachtrij'));
      const claim = join(partnerRoot(a), 'verwerking', entry!);
      // A process claimed the file and stopped before it stored anything.
      renameSync(join(partnerRoot(a), 'wachtrij', entry!), claim);
      const voor = await aantal('vroegsignalen');
      expect(await pollSftp(t.ctx)).toEqual({ verwerkt: 0 }); // a live claim of this process is left alone
      expect(await pollSftp(t.ctx, { claimsVoor: Date.now() + 1000 })).toEqual({ verwerkt: 1 });
      expect(await aantal('vroegsignalen')).toBe(voor + 2);
      const eerste = (await p<Buffer>((cb) => sftp.readFile('upload/herstart.csv.resultaat.csv', cb))).toString('utf8');
      expect(eerste).toContain('2 geaccepteerd (2 nieuw, 0 herhaling)');

      // A process stored the file but stopped before it wrote the result: the stored report is answered again.
      await p((cb) => sftp.unlink('upload/herstart.csv.resultaat.csv', cb));
      writeFileSync(claim, csv([rij('Bakker', '3511AB', '21'), rij('Smit', '3511AB', '22')]));
      const leveringen = await aantal('vroegsignaal_leveringen');
      expect(await pollSftp(t.ctx, { claimsVoor: Date.now() + 1000 })).toEqual({ verwerkt: 1 });
      expect([await aantal('vroegsignalen'), await aantal('vroegsignaal_leveringen')]).toEqual([voor + 2, leveringen]);
      // One delivery, one "processed" notification: answering the stored report again announces nothing new.
      const verwerkt = await t.ctx.db.kysely
        .selectFrom('notificatie_gebeurtenissen')
        .select(sql<number>`count(*)`.as('n'))
        .where('type', '=', 'levering.verwerkt')
        .executeTakeFirstOrThrow();
      expect(Number(verwerkt.n)).toBe(leveringen);
      const tweede = (await p<Buffer>((cb) => sftp.readFile('upload/herstart.csv.resultaat.csv', cb))).toString('utf8');
      expect(tweede).toContain('2 geaccepteerd (2 nieuw, 0 herhaling)');
      expect(readdirSync(join(partnerRoot(a), 'verwerking'))).toEqual([]);
      await p((cb) => sftp.unlink('upload/herstart.csv.resultaat.csv', cb));
    });

    it.runIf(existsSync('/usr/bin/sftp'))(
      'the OpenSSH sftp client uploads in batch mode, exits, and fetches the result',
      async () => {
        const map = mkdtempSync(join(tmpdir(), 'sr-sftp-'));
        writeFileSync(join(map, 'id'), keyA.private, { mode: 0o600 });
        writeFileSync(join(map, 'openssh.csv'), csv([rij('Visser', '3511AB', '31')]));
        const sftpBatch = (opdrachten: string) =>
          execFileAsync(
            '/usr/bin/sftp',
            [
              '-i',
              join(map, 'id'),
              '-P',
              String(server.port),
              '-o',
              'StrictHostKeyChecking=no',
              '-o',
              'UserKnownHostsFile=/dev/null',
              '-o',
              'BatchMode=yes',
              '-b',
              '-',
              `${a.id}@127.0.0.1`,
            ],
            { cwd: map, timeout: 15_000, input: opdrachten },
          );
        await sftpBatch('cd upload\nput openssh.csv\n');
        expect(await pollSftp(t.ctx)).toEqual({ verwerkt: 1 });
        await sftpBatch('get upload/openssh.csv.resultaat.csv\nrm upload/openssh.csv.resultaat.csv\n');
        expect(readFileSync(join(map, 'openssh.csv.resultaat.csv'), 'utf8')).toContain('2;geaccepteerd;;Utrecht');
        rmSync(map, { recursive: true, force: true });
      },
    );

    it('an unknown column: a result file with the refusal, nothing stored', async () => {
      const voor = [await aantal('vroegsignalen'), await aantal('vroegsignaal_leveringen')];
      const sftp = await verbind(a.id, { privateKey: keyA.private });
      await p((cb) =>
        sftp.writeFile(
          '/upload/extra.csv',
          csv([rij('Jansen', '3511AB', '7').concat('1985-01-01')], `${KOP};Geboortedatum`),
          cb,
        ),
      );
      await pollSftp(t.ctx);
      const resultaat = (await p<Buffer>((cb) => sftp.readFile('/upload/extra.csv.resultaat.csv', cb))).toString(
        'utf8',
      );
      expect(resultaat).toMatch(
        /^regel;resultaat;reden;gemeente\r\n;geweigerd;.*Kolom 'Geboortedatum' is niet toegestaan/,
      );
      expect([await aantal('vroegsignalen'), await aantal('vroegsignaal_leveringen')]).toEqual(voor);
    });

    it('refuses wrong, revoked and borrowed keys, passwords and non-partners', async () => {
      await geweigerd(a.id, { privateKey: nieuweSleutel().private });
      await geweigerd(a.id, { privateKey: keyB.private }); // B's key cannot log in as A
      await geweigerd(a.id, { password: 'geheim' });
      await geweigerd(a.id, { agent: new VervalsteAgent(keyA.public, nieuweSleutel().private) });
      await geweigerd('Energie A', { privateKey: keyA.private });
      // A municipality with a key in the table still cannot log in.
      const k = nieuweSleutel();
      await t.ctx.db.kysely
        .insertInto('sftp_sleutels')
        .values({
          organisatie_id: utrecht.id,
          publieke_sleutel: k.public.split(' ').slice(0, 2).join(' '),
          vingerafdruk: 'x',
          omschrijving: 'x',
        })
        .execute();
      await geweigerd(utrecht.id, { privateKey: k.private });
      // Revoking works at once for new logins.
      await verbind(a.id, { privateKey: keyA2.private });
      const id = (
        (await t.app.inject({ method: 'GET', url: '/api/sftp/sleutels', headers: a.headers })).json() as {
          id: string;
          omschrijving: string;
        }[]
      ).find((x) => x.omschrijving === 'A reserve')!.id;
      expect(
        (await t.app.inject({ method: 'DELETE', url: `/api/sftp/sleutels/${id}`, headers: a.headers })).statusCode,
      ).toBe(204);
      await geweigerd(a.id, { privateKey: keyA2.private });
      // A suspended organisation cannot log in.
      await t.ctx.db.kysely.updateTable('organisaties').set({ status: 'geschorst' }).where('id', '=', b.id).execute();
      await geweigerd(b.id, { privateKey: keyB.private });
      await t.ctx.db.kysely.updateTable('organisaties').set({ status: 'actief' }).where('id', '=', b.id).execute();
    });

    it('keeps the partner inside its own upload folder', async () => {
      const sftp = await verbind(b.id, { privateKey: keyB.private });
      // ssh2 puts the SFTP status in err.code: 2 no such file, 3 permission denied, 4 failure.
      const fout = (f: (cb: (err?: Error | null) => void) => void, code = 3) =>
        expect(p(f)).rejects.toMatchObject({ code });
      await fout((cb) => sftp.writeFile('../evil.csv', 'x', cb));
      await fout((cb) => sftp.writeFile('upload/../../evil.csv', 'x', cb));
      await fout((cb) => sftp.writeFile(`/../${a.id}/upload/evil.csv`, 'x', cb));
      await fout((cb) => sftp.readFile('../../../../../../etc/passwd', cb));
      await fout((cb) => sftp.readFile(`upload/../../${a.id}/upload/extra.csv.resultaat.csv`, cb));
      await fout((cb) => sftp.readdir('/upload/../wachtrij', cb), 2);
      await fout((cb) => sftp.writeFile('upload/x.resultaat.csv', 'x', cb));
      await fout((cb) => sftp.writeFile('upload/x.txt', 'x', cb));
      await fout((cb) => sftp.mkdir('upload/sub', cb));
      await fout((cb) => sftp.rename('upload/a.csv', 'upload/b.csv', cb));
      // A symlink planted on disk is neither listed nor followed.
      symlinkSync('/etc/passwd', join(partnerRoot(b), 'upload', 'link.csv'));
      await fout((cb) => sftp.readFile('upload/link.csv', cb), 2);
      expect(await p<unknown[]>((cb) => sftp.readdir('upload', cb))).toEqual([]);
      expect(
        readdirSync(t.config.DATA_DIR)
          .concat(readdirSync(join(t.config.DATA_DIR, 'sftp')))
          .filter((n) => n.includes('evil')),
      ).toEqual([]);
      expect(readdirSync(join(partnerRoot(b), 'wachtrij'))).toEqual([]);
      // A file over SIGNAAL_MAX_BYTES is refused while being written and never queued.
      const max = t.ctx.config.SIGNAAL_MAX_BYTES;
      t.ctx.config.SIGNAAL_MAX_BYTES = 100;
      try {
        const klein = await verbind(b.id, { privateKey: keyB.private });
        await fout((cb) => klein.writeFile('upload/groot.csv', Buffer.alloc(1000, 'a'), cb), 4);
      } finally {
        t.ctx.config.SIGNAAL_MAX_BYTES = max;
      }
      expect(readdirSync(join(partnerRoot(b), 'wachtrij'))).toEqual([]);
      expect(existsSync(join(partnerRoot(b), 'upload', 'groot.csv'))).toBe(false);
    });
  });
}
