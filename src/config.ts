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
  DATA_DIR: z.string().default('./data'),
  /** Pseudonymisation keys "id:base64,id:base64"; the first is current. Kept outside the database. */
  PSEUDONIEM_SLEUTELS: z.string().optional(),
  VISH_BEWAARTERMIJN_DAGEN: z.coerce.number().positive().default(7),
  VISH_GEMISTE_LEVERING_UREN: z.coerce.number().positive().default(24),
  VISH_MAX_BYTES: z.coerce.number().int().positive().default(200 * 1024 * 1024),
  /** Early-signal files (upload, SFTP): largest file and most rows. */
  SIGNAAL_MAX_BYTES: z.coerce.number().int().positive().default(50 * 1024 * 1024),
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
  DEMO_DATA: z.enum(['aan', 'uit']).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = z.infer<typeof schema>;

export function loadConfig(env: Record<string, string | undefined> = process.env, overrides: Partial<Config> = {}): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${fields}`);
  }
  return { ...parsed.data, ...overrides };
}
