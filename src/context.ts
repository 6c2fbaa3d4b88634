import type { Config } from './config.ts';
import { openDatabase, type Db } from './db/connection.ts';
import { migrate } from './db/migrate.ts';
import { createLogger, type Logger } from './shared/logger.ts';
import { AuditLog } from './modules/audit/audit.ts';
import { ApiSleutelControle } from './modules/organisaties/api-sleutels.ts';
import { CertificateResolver } from './modules/organisaties/certificaten.ts';
import { OrganisatieToegang } from './modules/organisaties/toegang.ts';
import { Accounts } from './modules/accounts/accounts.ts';
import { laadKluis } from './modules/accounts/geheimen.ts';
import { accountMailer } from './modules/notificaties/accountmail.ts';
import { VishIndex } from './modules/verwijsindex/vish-index.ts';
import { laadSleutels, type Pseudonimiseerder } from './modules/verwijsindex/pseudoniem.ts';
import { VishLevering } from './modules/verwijsindex/levering.ts';
import { ruimOnderbrokenLeveringenOp } from './modules/verwijsindex/onderhoud.ts';
import { volgIndex, type IndexVolger } from './modules/verwijsindex/index-volger.ts';
import { Redis } from 'ioredis';
import { geheugenTellers, postgresTellers, redisTellers, type Tellers } from './db/tellers.ts';

/** Everything a request, job or CLI command needs; built once at start. */
export interface Context {
  config: Config;
  db: Db;
  log: Logger;
  audit: AuditLog;
  pseudo: Pseudonimiseerder;
  vishIndex: VishIndex;
  vishLevering: VishLevering;
  /** Follows deliveries activated on any node (NOTIFY + a periodic version check). */
  indexVolger: IndexVolger;
  apiSleutels: ApiSleutelControle;
  certificaten: CertificateResolver;
  /** Organisation type/status/joining phase, cached; `vergeet` makes a suspension immediate. */
  organisatieToegang: OrganisatieToegang;
  /** People accounts and sessions. */
  accounts: Accounts;
  /** Rate-limit counters: Redis (REDIS_URL), else PostgreSQL for login windows, else this process's memory. */
  tellers: Tellers;
  /** Set when the node shuts down (SIGTERM): readiness answers 503 so the load balancer drains it. */
  levensloop: { stopt: boolean };
  close(): Promise<void>;
}

export async function createContext(config: Config, log: Logger = createLogger(config.LOG_LEVEL)): Promise<Context> {
  const db = await openDatabase({
    url: config.DATABASE_URL,
    pgliteDir: `${config.DATA_DIR}/pglite`,
    bijVerbindingsfout: (err) =>
      log.warn(
        { code: (err as { code?: string }).code, melding: err.message },
        'database connection failed; its work fails, the pool replaces it',
      ),
  });
  const applied = await migrate(db);
  if (applied.length) log.info({ applied }, 'database migrated');
  const pseudo = laadSleutels(config.PSEUDONIEM_SLEUTELS, config.DATA_DIR, config.NODE_ENV === 'production');
  const audit = new AuditLog(db.kysely);
  const vishIndex = new VishIndex(pseudo);
  const vishLevering = new VishLevering({
    db,
    pseudo,
    index: vishIndex,
    audit,
    log,
    bewaarDagen: config.VISH_BEWAARTERMIJN_DAGEN,
  });
  const onderbroken = await ruimOnderbrokenLeveringenOp(db); // left 'bezig' by a process that was killed
  if (onderbroken) log.warn({ onderbroken }, 'aborted VISH deliveries of ended processes cleaned up');
  const indexVolger = await volgIndex({ db, index: vishIndex, pseudo, log }, config.VISH_SYNC_MS);
  await indexVolger.synchroniseer();
  const tellers = config.REDIS_URL
    ? redisTellers(new Redis(config.REDIS_URL, { lazyConnect: false, maxRetriesPerRequest: 2 }))
    : db.kind === 'postgres'
      ? postgresTellers(db.kysely)
      : geheugenTellers();
  const apiSleutels = new ApiSleutelControle(db.kysely, config.AUTH_CACHE_MS);
  const organisatieToegang = new OrganisatieToegang(db.kysely, config.AUTH_CACHE_MS);
  const mailer = accountMailer(config);
  organisatieToegang.bijWijziging((id) => apiSleutels.vergeetOrganisatie(id));
  return {
    config,
    db,
    log,
    audit,
    pseudo,
    vishIndex,
    vishLevering,
    indexVolger,
    apiSleutels,
    organisatieToegang,
    certificaten: new CertificateResolver(db, config.AUTH_CACHE_MS),
    accounts: new Accounts(
      db.kysely,
      config,
      audit,
      laadKluis(config.TOTP_SLEUTEL, config.DATA_DIR, config.NODE_ENV === 'production'),
      mailer,
      tellers,
    ),
    tellers,
    levensloop: { stopt: false },
    async close() {
      indexVolger.stop();
      mailer.sluit();
      await vishLevering.wachtOpOpruimen();
      await tellers.sluit();
      await pseudo.sluit();
      await db.close();
    },
  };
}
