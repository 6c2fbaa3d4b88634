import { randomInt } from 'node:crypto';
import pg from 'pg';

/** First key of the process liveness advisory locks (two-key form, a key space apart from the migration lock). */
export const PROCES_SLOT = 7212027;

/** Liveness of platform processes that share one database. */
export interface ProcesLeven {
  /** This process's number; recorded on work it starts and may leave half-done (a VISH delivery 'bezig'). */
  readonly nummer: number;
  /** Whether the process with this number still runs. */
  leeft(nummer: number): Promise<boolean>;
  /**
   * Calls `bijBericht` on every NOTIFY on `kanaal` by any process on the same database (PostgreSQL), with the
   * payload; with `null` after the listening connection was lost and restored, when messages may have been
   * missed. PGlite has one process: nothing to hear.
   */
  luister(kanaal: string, bijBericht: (payload: string | null) => void): Promise<void>;
  sluit(): Promise<void>;
}

// At most 8 digits: a stored process number must never look like a BSN (9 digits) to a privacy scan or a reader.
export const nieuwNummer = () => randomInt(1, 100_000_000);

/**
 * PGlite: only one process can open the data folder (see lock.ts), so any other number belongs to a
 * process that has ended.
 */
export function eigenProces(): ProcesLeven {
  const nummer = nieuwNummer();
  return { nummer, leeft: async (n) => n === nummer, luister: async () => undefined, sluit: async () => undefined };
}

/**
 * PostgreSQL: each process holds the session advisory lock (PROCES_SLOT, nummer) on a connection of its
 * own for as long as it runs. The server drops the lock when that session ends, which is also what
 * happens when the process is killed (kill -9: the kernel closes the socket, the backend exits). So
 * "is the lock held?" tells a live node's delivery from one a dead process left behind, across nodes.
 * If the connection itself is lost (server restart, terminated backend) the lock is taken again as soon
 * as a new connection succeeds; meanwhile another node may judge this process dead, which is safe
 * because a delivery is only activated while its row is still 'bezig'.
 */
export async function procesClaim(
  url: string,
  query: (sql: string, params: unknown[]) => Promise<Array<Record<string, unknown>>>,
  meld: (err: Error) => void,
): Promise<ProcesLeven> {
  let nummer = nieuwNummer();
  let client: pg.Client | undefined;
  let gesloten = false;
  let wacht = 1000;
  let timer: NodeJS.Timeout | undefined;
  // LISTEN channels ride on the same long-lived session: one connection per process, re-listened on reconnect.
  const luisteraars = new Map<string, Array<(payload: string | null) => void>>();

  const verbind = async (eerste: boolean) => {
    const c = new pg.Client({ connectionString: url });
    c.on('notification', (m) => {
      for (const f of luisteraars.get(m.channel) ?? []) f(m.payload ?? '');
    });
    c.on('error', (err) => {
      meld(err);
      verloren(c);
    });
    c.on('end', () => verloren(c));
    await c.connect();
    for (;;) {
      const r = await c.query('SELECT pg_try_advisory_lock($1, $2) AS ok', [PROCES_SLOT, nummer]);
      if (r.rows[0].ok) break;
      // Taken: at start another process drew the same number, so draw again; later it cannot be ours.
      if (!eerste) throw new Error(`process liveness lock ${nummer} is held by another session`);
      nummer = nieuwNummer();
    }
    for (const kanaal of luisteraars.keys()) await c.query(`LISTEN ${kanaalNaam(kanaal)}`);
    client = c;
    wacht = 1000;
    // Reconnected: whatever was sent while no connection listened is lost, so every listener re-checks.
    if (!eerste) for (const fs of luisteraars.values()) for (const f of fs) f(null);
  };
  const verloren = (c: pg.Client) => {
    if (client !== c) return;
    client = undefined;
    c.end().catch(() => undefined);
    plan();
  };
  const plan = () => {
    if (gesloten || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      verbind(false).catch((err: Error) => {
        meld(err);
        wacht = Math.min(wacht * 2, 30_000);
        plan();
      });
    }, wacht);
    timer.unref();
  };

  await verbind(true);
  return {
    get nummer() {
      return nummer;
    },
    async leeft(n) {
      if (n === nummer) return true;
      const rows = await query(
        `SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 2
           AND classid = $1 AND objid = $2
           AND database = (SELECT oid FROM pg_database WHERE datname = current_database())) AS leeft`,
        [PROCES_SLOT, n],
      );
      return rows[0]?.leeft === true;
    },
    async luister(kanaal, bijBericht) {
      const lijst = luisteraars.get(kanaal);
      if (lijst) lijst.push(bijBericht);
      else {
        luisteraars.set(kanaal, [bijBericht]);
        await client?.query(`LISTEN ${kanaalNaam(kanaal)}`);
      }
    },
    async sluit() {
      gesloten = true;
      clearTimeout(timer);
      const c = client;
      client = undefined;
      await c?.end().catch(() => undefined);
    },
  };
}

/** Channel names are identifiers in LISTEN: only fixed, simple names. */
function kanaalNaam(kanaal: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(kanaal)) throw new Error(`invalid channel name: ${kanaal}`);
  return kanaal;
}
