/**
 * The SFTP server for signal files (ssh2). Login: username = the organisation id (uuid), public-key
 * authentication only, with one of that organisation's non-revoked keys; the organisation must be an
 * active signal partner. Only the SFTP subsystem: no shell, exec, port forwarding or password login.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import ssh2, { type AuthContext } from 'ssh2';
import type { Context } from '../../context.ts';
import { bedienSftp } from './sessie.ts';
import { geldigeSleutels, vingerafdruk } from './sleutels.ts';
import { isOrganisatieId, maakMappen, partnerMap, sftpBasis } from './paden.ts';

const { Server, utils } = ssh2; // CommonJS package: no named imports under Node ESM

/** Host key: generated once (ed25519, OpenSSH format, by ssh2's generator on node:crypto) and kept in DATA_DIR. */
export function laadHostSleutel(map: string): { prive: string; vingerafdruk: string } {
  const pad = join(map, 'host_ed25519');
  if (!existsSync(pad)) {
    mkdirSync(map, { recursive: true, mode: 0o700 });
    writeFileSync(pad, utils.generateKeyPairSync('ed25519').private, { mode: 0o600, flag: 'wx' });
  }
  const prive = readFileSync(pad, 'utf8');
  const key = utils.parseKey(prive);
  if (key instanceof Error || Array.isArray(key)) throw new Error(`invalid SFTP host key in ${pad}`);
  return { prive, vingerafdruk: vingerafdruk(key.getPublicSSH()) };
}

/** Finds the presented key among the organisation's valid keys and checks the signature (ssh2 README). */
async function controleer(ctx: Context, a: AuthContext): Promise<string | null> {
  if (a.method !== 'publickey' || !isOrganisatieId(a.username)) return null;
  for (const k of await geldigeSleutels(ctx.db.kysely, a.username)) {
    const key = utils.parseKey(k.publieke_sleutel);
    if (key instanceof Error || Array.isArray(key) || !key.getPublicSSH().equals(a.key.data)) continue;
    // Without a signature the client only asks whether the key would do; the real login is signed.
    if (a.signature && (!a.blob || key.verify(a.blob, a.signature, a.hashAlgo) !== true)) return null;
    return k.id;
  }
  return null;
}

export interface SftpServer {
  port: number;
  vingerafdruk: string;
  close(): Promise<void>;
}

export async function startSftpServer(ctx: Context, opties: { host: string; port: number }): Promise<SftpServer> {
  const host = laadHostSleutel(sftpBasis(ctx.config));
  await ruimDeelbestandenOp(sftpBasis(ctx.config));
  const clients = new Set<{ end(): unknown }>();
  const server = new Server({ hostKeys: [host.prive], ident: 'Schuldenrust' }, (client, info) => {
    clients.add(client);
    client.on('close', () => clients.delete(client));
    let login: { organisatieId: string; sleutelId: string } | null = null;
    client.on('error', (err) => ctx.log.debug({ err: err.message }, 'sftp client error'));
    client.on('authentication', (a) => {
      if (a.method !== 'publickey') return a.reject(['publickey']);
      controleer(ctx, a).then(
        (sleutelId) => {
          if (!sleutelId) {
            ctx.log.info({ ip: info.ip }, 'sftp login refused');
            return a.reject(['publickey']);
          }
          if (a.signature) login = { organisatieId: a.username, sleutelId };
          a.accept();
        },
        (err) => {
          ctx.log.error({ err }, 'sftp authentication failed');
          a.reject(['publickey']);
        },
      );
    });
    client.on('ready', () => {
      const l = login;
      if (!l) return client.end();
      const actor = { organisatieId: l.organisatieId, soort: 'sftp-sleutel' as const, id: l.sleutelId };
      void ctx.audit
        .schrijf({ actor, actie: 'sftp.aanmelden', resultaat: 'ok' })
        .catch((err) => ctx.log.error({ err }, 'audit failed'));
      const root = partnerMap(ctx.config, l.organisatieId);
      // Only sessions with the sftp subsystem; ssh2 refuses shell, exec, pty and forwarding without listeners.
      client.on('session', (accept) => {
        accept().on('sftp', (acceptSftp, reject) => {
          // Accepted synchronously: OpenSSH's INIT follows at once and is lost if the accept waits for I/O.
          try {
            maakMappen(root);
          } catch (err) {
            ctx.log.error({ err }, 'sftp folder setup failed');
            return reject();
          }
          const sftp = acceptSftp();
          // The OpenSSH client ends with a channel EOF and waits for the close (ssh2 issue #1029/#1443).
          sftp.on('end', () => sftp.end());
          bedienSftp(sftp, {
            root,
            sleutelId: l.sleutelId,
            maxBytes: ctx.config.SIGNAAL_MAX_BYTES,
            log: ctx.log,
            organisatieId: l.organisatieId,
          });
        });
      });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opties.port, opties.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    vingerafdruk: host.vingerafdruk,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const c of clients) c.end(); // open connections would keep close() waiting
      }),
  };
}

/**
 * Unfinished uploads from a previous run. With several nodes on one shared folder another node may be receiving
 * an upload right now, so only parts untouched for an hour are removed (an upload stalled that long is dead).
 */
const DEEL_VERLATEN_MS = 3_600_000;
async function ruimDeelbestandenOp(basis: string, nu = Date.now()) {
  const orgs = existsSync(basis) ? (await readdir(basis)).filter(isOrganisatieId) : [];
  for (const org of orgs) {
    const deel = join(basis, org, 'deel');
    for (const f of await readdir(deel).catch(() => [] as string[])) {
      const s = await stat(join(deel, f)).catch(() => null);
      if (s && s.mtimeMs < nu - DEEL_VERLATEN_MS) await rm(join(deel, f), { force: true });
    }
  }
}
