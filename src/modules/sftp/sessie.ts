/**
 * One partner's SFTP session: a whitelisted virtual tree (see paden.ts) with only what `sftp`, `ls`,
 * `put` and `get` need. An upload is written to deel/ and, on CLOSE, moved atomically into wachtrij/:
 * the poller only ever sees complete files. Everything else is refused.
 */
import { randomBytes } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import { lstat, open, readdir, rename, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import ssh2, { type Attributes, type SFTPWrapper } from 'ssh2';
import type { Logger } from '../../shared/logger.ts';
import { bestandOpSchijf, losOp, normaliseer, RESULTAAT, uploadNaam } from './paden.ts';

const { OPEN_MODE, STATUS_CODE } = ssh2.utils.sftp; // CommonJS package: no named imports under Node ESM
const MAX_READ = 64 * 1024;

type Handle =
  | { soort: 'lezen'; fh: FileHandle }
  | { soort: 'schrijven'; fh: FileHandle; deel: string; naam: string; teGroot: boolean }
  | { soort: 'map'; items: { filename: string; longname: string; attrs: Attributes }[] | null };

export interface SessieOpties {
  root: string;
  sleutelId: string;
  maxBytes: number;
  log: Logger;
  organisatieId: string;
}

const dirAttrs = (): Attributes => ({ mode: constants.S_IFDIR | 0o755, uid: 0, gid: 0, size: 0, atime: 0, mtime: 0 });
const fileAttrs = (s: Stats): Attributes => ({
  mode: constants.S_IFREG | 0o644,
  uid: 0,
  gid: 0,
  size: s.size,
  atime: Math.floor(s.atimeMs / 1000),
  mtime: Math.floor(s.mtimeMs / 1000),
});
function longname(naam: string, a: Attributes) {
  const dir = (a.mode & constants.S_IFMT) === constants.S_IFDIR;
  const d = new Date(a.mtime * 1000).toISOString();
  return `${dir ? 'drwxr-xr-x' : '-rw-r--r--'} 1 partner partner ${String(a.size).padStart(10)} ${d.slice(0, 10)} ${d.slice(11, 16)} ${naam}`;
}

export function bedienSftp(sftp: SFTPWrapper, o: SessieOpties) {
  const handles = new Map<string, Handle>();
  let volgnummer = 0;
  const nieuwHandle = (h: Handle) => {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(++volgnummer);
    handles.set(b.toString('hex'), h);
    return b;
  };

  /** A visible regular file (never a symlink), or null. */
  const bestand = async (naam: string) => {
    const p = bestandOpSchijf(o.root, naam);
    const s = await lstat(p).catch(() => null);
    return s?.isFile() ? { p, s } : null;
  };

  /** Runs a handler; an unexpected error becomes FAILURE (logged without the file name). */
  const veilig = (reqId: number, werk: () => Promise<void>) => {
    werk().catch((err: NodeJS.ErrnoException) => {
      o.log.warn({ organisatieId: o.organisatieId, code: err.code }, 'sftp operation failed');
      sftp.status(reqId, STATUS_CODE.FAILURE);
    });
  };

  sftp.on('REALPATH', (reqId, pad) => {
    const n = normaliseer(pad === '' ? '.' : pad);
    sftp.name(reqId, [{ filename: n, longname: n, attrs: dirAttrs() }]);
  });

  const stat = (reqId: number, pad: string) =>
    veilig(reqId, async () => {
      const d = losOp(pad);
      if (!d) return sftp.status(reqId, STATUS_CODE.NO_SUCH_FILE);
      if (d.soort !== 'bestand') return sftp.attrs(reqId, dirAttrs());
      const f = await bestand(d.naam);
      return f ? sftp.attrs(reqId, fileAttrs(f.s)) : sftp.status(reqId, STATUS_CODE.NO_SUCH_FILE);
    });
  sftp.on('STAT', stat);
  sftp.on('LSTAT', stat);

  sftp.on('FSTAT', (reqId, buf) =>
    veilig(reqId, async () => {
      const h = handles.get(buf.toString('hex'));
      if (!h || h.soort === 'map') return sftp.status(reqId, STATUS_CODE.FAILURE);
      sftp.attrs(reqId, fileAttrs(await h.fh.stat()));
    }),
  );

  sftp.on('OPENDIR', (reqId, pad) =>
    veilig(reqId, async () => {
      const d = losOp(pad);
      if (!d || d.soort === 'bestand') return sftp.status(reqId, STATUS_CODE.NO_SUCH_FILE);
      const items = d.soort === 'root' ? [{ filename: 'upload', attrs: dirAttrs() }] : [];
      if (d.soort === 'upload') {
        for (const naam of (await readdir(join(o.root, 'upload'))).sort()) {
          const f = naam.startsWith('.') ? null : await bestand(naam).catch(() => null);
          if (f) items.push({ filename: naam, attrs: fileAttrs(f.s) });
        }
      }
      sftp.handle(
        reqId,
        nieuwHandle({ soort: 'map', items: items.map((i) => ({ ...i, longname: longname(i.filename, i.attrs) })) }),
      );
    }),
  );

  sftp.on('READDIR', (reqId, buf) => {
    const h = handles.get(buf.toString('hex'));
    if (h?.soort !== 'map') return sftp.status(reqId, STATUS_CODE.FAILURE);
    if (!h.items || h.items.length === 0) {
      h.items = null;
      return sftp.status(reqId, STATUS_CODE.EOF);
    }
    sftp.name(reqId, h.items.splice(0, 100));
  });

  sftp.on('OPEN', (reqId, pad, flags) =>
    veilig(reqId, async () => {
      const d = losOp(pad);
      if (d?.soort !== 'bestand') return sftp.status(reqId, STATUS_CODE.PERMISSION_DENIED);
      if (flags === OPEN_MODE.READ) {
        const f = await bestand(d.naam);
        if (!f) return sftp.status(reqId, STATUS_CODE.NO_SUCH_FILE);
        const fh = await open(f.p, constants.O_RDONLY | constants.O_NOFOLLOW);
        return sftp.handle(reqId, nieuwHandle({ soort: 'lezen', fh }));
      }
      // Writing: always a fresh file (create/truncate); no append, no read-write, only upload names.
      if (!(flags & OPEN_MODE.WRITE) || flags & (OPEN_MODE.READ | OPEN_MODE.APPEND) || !uploadNaam(d.naam)) {
        return sftp.status(reqId, STATUS_CODE.PERMISSION_DENIED);
      }
      const deel = join(o.root, 'deel', `${randomBytes(8).toString('hex')}.part`);
      const fh = await open(
        deel,
        constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
        0o600,
      );
      sftp.handle(reqId, nieuwHandle({ soort: 'schrijven', fh, deel, naam: d.naam, teGroot: false }));
    }),
  );

  sftp.on('READ', (reqId, buf, offset, len) =>
    veilig(reqId, async () => {
      const h = handles.get(buf.toString('hex'));
      if (h?.soort !== 'lezen') return sftp.status(reqId, STATUS_CODE.FAILURE);
      const data = Buffer.alloc(Math.min(len, MAX_READ));
      const { bytesRead } = await h.fh.read(data, 0, data.length, offset);
      if (bytesRead === 0) return sftp.status(reqId, STATUS_CODE.EOF);
      sftp.data(reqId, data.subarray(0, bytesRead));
    }),
  );

  sftp.on('WRITE', (reqId, buf, offset, data) =>
    veilig(reqId, async () => {
      const h = handles.get(buf.toString('hex'));
      if (h?.soort !== 'schrijven') return sftp.status(reqId, STATUS_CODE.FAILURE);
      if (h.teGroot || offset + data.length > o.maxBytes) {
        h.teGroot = true;
        return sftp.status(reqId, STATUS_CODE.FAILURE, `Bestand is te groot: de grens is ${o.maxBytes} bytes.`);
      }
      await h.fh.write(data, 0, data.length, offset);
      sftp.status(reqId, STATUS_CODE.OK);
    }),
  );

  sftp.on('CLOSE', (reqId, buf) =>
    veilig(reqId, async () => {
      const key = buf.toString('hex');
      const h = handles.get(key);
      if (!h) return sftp.status(reqId, STATUS_CODE.FAILURE);
      handles.delete(key);
      if (h.soort === 'map') return sftp.status(reqId, STATUS_CODE.OK);
      await h.fh.close();
      if (h.soort === 'lezen') return sftp.status(reqId, STATUS_CODE.OK);
      if (h.teGroot) {
        await unlink(h.deel);
        return sftp.status(reqId, STATUS_CODE.FAILURE, 'Bestand is te groot en niet aangenomen.');
      }
      // Complete: a stale result of an earlier file with this name goes, then the file joins the queue.
      await unlink(bestandOpSchijf(o.root, h.naam + RESULTAAT)).catch(() => undefined);
      await rename(
        h.deel,
        join(o.root, 'wachtrij', `${Date.now()}_${o.sleutelId}_${randomBytes(4).toString('hex')}_${h.naam}`),
      );
      o.log.info({ organisatieId: o.organisatieId }, 'sftp upload received');
      sftp.status(reqId, STATUS_CODE.OK);
    }),
  );

  sftp.on('REMOVE', (reqId, pad) =>
    veilig(reqId, async () => {
      const d = losOp(pad);
      if (d?.soort !== 'bestand' || !d.naam.toLowerCase().endsWith(RESULTAAT))
        return sftp.status(reqId, STATUS_CODE.PERMISSION_DENIED);
      const f = await bestand(d.naam);
      if (!f) return sftp.status(reqId, STATUS_CODE.NO_SUCH_FILE);
      await unlink(f.p);
      sftp.status(reqId, STATUS_CODE.OK);
    }),
  );

  for (const ev of ['MKDIR', 'RMDIR', 'RENAME', 'SETSTAT', 'FSETSTAT', 'SYMLINK', 'READLINK'] as const) {
    sftp.on(ev, (reqId: number) => sftp.status(reqId, STATUS_CODE.PERMISSION_DENIED));
  }

  // Connection gone: close files and drop unfinished uploads (they never reach the queue).
  sftp.on('close', () => {
    for (const h of handles.values()) {
      if (h.soort === 'map') continue;
      void h.fh.close().catch(() => undefined);
      if (h.soort === 'schrijven') void unlink(h.deel).catch(() => undefined);
    }
    handles.clear();
  });
}
