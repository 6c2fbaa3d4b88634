import { z } from 'zod';

/** Every setting, read and validated once. Defaults give a working demo on the embedded database. */
const schema = z.object({
  NODE_ENV: z.string().default('development'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).default(3000),
  /** HTTPS listener that requires client certificates (mutual TLS); 0 turns it off. */
  TLS_PORT: z.coerce.number().int().min(0).default(3443),
  /** SFTP server for signal files (public-key login, username = organisation id); 0 turns it off. */
  SFTP_PORT: z.coerce.number().int().min(0).default(2222),
  /** How often finished SFTP uploads are picked up. */
  /** Folder of SFTP uploads and results (default DATA_DIR/sftp); with several nodes: storage every node mounts. */
  SFTP_MAP: z.string().optional(),
  SFTP_POLL_SECONDEN: z.coerce.number().positive().default(5),
  DATABASE_URL: z.string().optional(),
  /** Runtime files (embedded database, keys, SFTP drop box); not data/, which holds tracked reference data. */
  DATA_DIR: z.string().default('./.data'),
  /** Pseudonymisation keys "id:base64,id:base64"; the first is current. Kept outside the database. */
  PSEUDONIEM_SLEUTELS: z.string().optional(),
  VISH_BEWAARTERMIJN_DAGEN: z.coerce.number().positive().default(7),
  VISH_GEMISTE_LEVERING_UREN: z.coerce.number().positive().default(24),
  VISH_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(200 * 1024 * 1024),
  /** Early-signal files (upload, SFTP): largest file and most rows. */
  SIGNAAL_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(50 * 1024 * 1024),
  SIGNAAL_MAX_REGELS: z.coerce.number().int().positive().default(1_000_000),
  VISH_BATCH_MAX: z.coerce.number().int().positive().default(1_000_000),
  /** How long a verified API key / certificate / organisation status is cached; revocations take this long. */
  AUTH_CACHE_MS: z.coerce.number().int().min(0).default(5000),
  /** People sessions: idle timeout and absolute lifetime. */
  SESSIE_INACTIEF_MINUTEN: z.coerce.number().positive().default(30),
  SESSIE_MAX_UREN: z.coerce.number().positive().default(12),
  /** Key (base64, 32 bytes) that encrypts TOTP secrets; kept outside the database. Required in production; dev: generated in DATA_DIR. */
  TOTP_SLEUTEL: z.string().optional(),
  /** Login attempts per minute per client IP and per account (e-mail address). */
  /** Redis for rate-limit counters shared by several nodes (login windows, VISH check buckets). */
  REDIS_URL: z.string().optional(),
  LOGIN_MAX_PER_IP: z.coerce.number().int().positive().default(60),
  LOGIN_MAX_PER_ACCOUNT: z.coerce.number().int().positive().default(10),
  JOB_INTERVAL_SECONDEN: z.coerce.number().positive().default(3600),
  /** Debt-help trajectories: personal data is anonymised this many years after closure (entrepreneurs: the second). */
  TRAJECT_BEWAARTERMIJN_JAREN: z.coerce.number().int().positive().default(5),
  TRAJECT_BEWAARTERMIJN_ONDERNEMER_JAREN: z.coerce.number().int().positive().default(7),
  /** Key (base64, 32 bytes) that encrypts trajectory BSNs for the DDAS export; outside the database. Required in production; dev: generated in DATA_DIR. */
  TRAJECT_BSN_SLEUTEL: z.string().optional(),
  /** DDAS early-signal export: include BSN and names of the resident (newer DDAS drafts drop them). Off by default. */
  DDAS_VS_PERSOONSGEGEVENS: z.enum(['aan', 'uit']).default('uit'),
  /** DDAS "codeGegevensleverancier": the code CBS knows this platform (the software supplier) by. */
  DDAS_CODE_GEGEVENSLEVERANCIER: z.string().min(1).default('SCHULDENRUST'),
  /** Lifetime of the OAuth2 access tokens of the DDAS /gegevens APIs (CBS client). */
  DDAS_TOKEN_SECONDEN: z.coerce.number().int().min(30).max(3600).default(300),
  /** DDAS signing certificate (PKIoverheid): PEM files (certificate, chain, key) or one PKCS#12 file. Unset: the platform CA issues one, not in production. See docs/ddas.md. */
  DDAS_ONDERTEKENING_CERTIFICAAT: z.string().optional(),
  DDAS_ONDERTEKENING_KETEN: z.string().optional(),
  DDAS_ONDERTEKENING_SLEUTEL: z.string().optional(),
  DDAS_ONDERTEKENING_SLEUTEL_WACHTWOORD: z.string().optional(),
  DDAS_ONDERTEKENING_PKCS12: z.string().optional(),
  DDAS_ONDERTEKENING_PKCS12_WACHTWOORD: z.string().optional(),
  /** PEM bundle of trust anchors (PKIoverheid roots) our own chain must end in; optional. */
  DDAS_ONDERTEKENING_VERTROUWD: z.string().optional(),
  /** Form of the response signature: 'jades' (NL GOV ADR signing module, digest signed) or 'body' (detached JWS over the body). */
  DDAS_HANDTEKENING_VORM: z.enum(['jades', 'body']).default('jades'),
  /** Requests to /gegevens: signature required ('verplicht', default in production) or checked when present ('optioneel'). */
  DDAS_VERZOEK_ONDERTEKENING: z.enum(['verplicht', 'optioneel']).optional(),
  /** PEM bundle of trust anchors for the requester's (CBS's) signing certificate. Development: the platform CA. */
  DDAS_VERZOEK_VERTROUWD: z.string().optional(),
  /** A paged delivery is a snapshot fixed at its first page, readable this long. */
  DDAS_SNAPSHOT_MINUTEN: z.coerce.number().int().min(5).max(1440).default(60),
  /** /gegevens requests per client per minute (429 with Retry-After above it). */
  DDAS_VERZOEKEN_PER_MINUUT: z.coerce.number().int().positive().default(120),
  /** Version of the DDAS Vroegsignalering vocabularies in the export (the stored values are the platform's own codes). */
  DDAS_VS_MODELVERSIE: z.enum(['0.9', '1.0']).default('0.9'),
  /** Version check of the in-memory VISH index against the database (NOTIFY makes it immediate on PostgreSQL). */
  VISH_SYNC_MS: z.coerce.number().int().positive().default(5000),
  /** VISH check endpoints: token bucket per credential (sustained checks per second, burst). */
  VISH_CONTROLE_PER_SECONDE: z.coerce.number().positive().default(20),
  VISH_CONTROLE_PIEK: z.coerce.number().int().positive().default(200),
  /** Retention (src/modules/retentie): audit log, early signals not taken up, ended sessions, job runs. */
  AUDIT_BEWAARTERMIJN_MAANDEN: z.coerce.number().int().positive().default(24),
  SIGNAAL_BEWAARTERMIJN_MAANDEN: z.coerce.number().int().positive().default(12),
  SESSIE_BEWAARTERMIJN_DAGEN: z.coerce.number().int().positive().default(30),
  JOBRUN_BEWAARTERMIJN_DAGEN: z.coerce.number().int().positive().default(400),
  /** Notifications (src/modules/notificaties, docs/notificaties.md): e-mail over SMTP (none = no e-mail; `npm start`
   * on the embedded database runs a local receiver), the app's address in e-mail links, webhook secrets' key. */
  SMTP_URL: z.string().optional(),
  MAIL_AFZENDER: z.string().default('Schuldenrust <geen-antwoord@schuldenrust.example>'),
  PUBLIEKE_URL: z.string().optional(),
  WEBHOOK_SLEUTEL: z.string().optional(),
  /** Webhooks only to public https receivers (default in production: aan). */
  WEBHOOK_ALLEEN_PUBLIEK: z.enum(['aan', 'uit']).optional(),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  NOTIFICATIE_INTERVAL_MS: z.coerce.number().int().positive().default(1000),
  /** A worker's lease on a task; a task of a worker that died is taken again after this. */
  NOTIFICATIE_CLAIM_SECONDEN: z.coerce.number().positive().default(120),
  NOTIFICATIE_BEWAARTERMIJN_DAGEN: z.coerce.number().int().positive().default(90),
  /** Prometheus metrics (GET /metrics) on a port of their own; unset: no metrics listener. */
  METRIEK_PORT: z.coerce.number().int().min(0).optional(),
  /**
   * How far V8 lets the heap grow past what the last full collection kept, in percent (V8's --heap-growing-percent).
   * V8's own choice goes up to 300 % on a busy process: a 1,000,000-line batch check then peaked at 680 MB RSS; 50 %
   * kept it at 415 MB at the same speed (issue 19). 0: V8's own choice.
   */
  HEAP_GROEI_PROCENT: z.coerce.number().int().min(0).max(1000).default(50),
  /** SIGTERM: how long readiness answers 503 before the listeners close (let the load balancer drain the node). */
  AFSLUIT_WACHT_MS: z.coerce.number().int().min(0).default(0),
  /** SIGTERM: the longest a node waits for running requests (deliveries, uploads) before it exits anyway. */
  AFSLUIT_MAX_MS: z.coerce.number().int().positive().default(60_000),
  /** Pauzeknop (src/modules/pauzeknop): the residents' OpenID Connect provider (DigiD through a broker). Unset outside
   * production: `npm start` starts a local development provider with demo residents. The redirect URL defaults to
   * PUBLIEKE_URL (or the listener) + /api/pauzeknop/inloggen/terug. */
  PAUZEKNOP_OIDC_ISSUER: z.string().url().optional(),
  PAUZEKNOP_OIDC_CLIENT_ID: z.string().optional(),
  PAUZEKNOP_OIDC_CLIENT_SECRET: z.string().optional(),
  PAUZEKNOP_OIDC_REDIRECT_URL: z.string().url().optional(),
  /** The ID-token (or userinfo) claim that carries the BSN. */
  PAUZEKNOP_OIDC_BSN_CLAIM: z.string().min(1).default('bsn'),
  /** Port of the local development provider (`npm start` only). */
  PAUZEKNOP_LOKALE_OIDC_PORT: z.coerce.number().int().min(0).default(3100),
  /** Resident sessions are short: absolute lifetime in minutes. */
  PAUZEKNOP_SESSIE_MINUTEN: z.coerce.number().positive().default(20),
  DEMO_DATA: z.enum(['aan', 'uit']).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = z.infer<typeof schema>;

export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  overrides: Partial<Config> = {},
): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${fields}`);
  }
  return { ...parsed.data, ...overrides };
}
