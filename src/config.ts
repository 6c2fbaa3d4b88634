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
  /** VISH check endpoints: token bucket per credential (sustained checks per second, burst). */
  VISH_CONTROLE_PER_SECONDE: z.coerce.number().positive().default(20),
  VISH_CONTROLE_PIEK: z.coerce.number().int().positive().default(200),
  /** Retention (src/modules/retentie): audit log, early signals not taken up, ended sessions, job runs. */
  AUDIT_BEWAARTERMIJN_MAANDEN: z.coerce.number().int().positive().default(24),
  SIGNAAL_BEWAARTERMIJN_MAANDEN: z.coerce.number().int().positive().default(12),
  SESSIE_BEWAARTERMIJN_DAGEN: z.coerce.number().int().positive().default(30),
  JOBRUN_BEWAARTERMIJN_DAGEN: z.coerce.number().int().positive().default(400),
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
