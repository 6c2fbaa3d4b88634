import type { Context } from '../../context.ts';
import { Bezorger } from './bezorger.ts';
import { laadWebhookKluis, type WebhookKluis } from './kluis.ts';
import { smtpMailer } from './mail.ts';

const kluizen = new WeakMap<Context, WebhookKluis>();

/** The webhook secrets' key of this platform instance (WEBHOOK_SLEUTEL; development: a key file in DATA_DIR). */
export function webhookKluis(ctx: Context): WebhookKluis {
  let k = kluizen.get(ctx);
  if (!k) {
    k = laadWebhookKluis(ctx.config.WEBHOOK_SLEUTEL, ctx.config.DATA_DIR, ctx.config.NODE_ENV === 'production');
    kluizen.set(ctx, k);
  }
  return k;
}

export const alleenPubliek = (ctx: Context) =>
  (ctx.config.WEBHOOK_ALLEEN_PUBLIEK ?? (ctx.config.NODE_ENV === 'production' ? 'aan' : 'uit')) === 'aan';

export const basisUrl = (ctx: Context) =>
  ctx.config.PUBLIEKE_URL ??
  `http://${ctx.config.HOST === '0.0.0.0' ? 'localhost' : ctx.config.HOST}:${ctx.config.PORT}`;

/** A worker for this instance's configuration. `start()` runs it in the server process; tests call `ronde()`. */
export function maakBezorger(ctx: Context, opties: { batch?: number } = {}): Bezorger & { sluit(): void } {
  const mailer = ctx.config.SMTP_URL ? smtpMailer(ctx.config.SMTP_URL, ctx.config.MAIL_AFZENDER) : null;
  const b = new Bezorger({
    db: ctx.db.kysely,
    log: ctx.log,
    mailer,
    kluis: webhookKluis(ctx),
    basisUrl: basisUrl(ctx),
    leaseMs: ctx.config.NOTIFICATIE_CLAIM_SECONDEN * 1000,
    timeoutMs: ctx.config.WEBHOOK_TIMEOUT_MS,
    alleenPubliek: alleenPubliek(ctx),
    ...(opties.batch ? { batch: opties.batch } : {}),
  });
  return Object.assign(b, { sluit: () => mailer?.sluit() });
}

/** Starts the worker in the server process; without SMTP_URL people get in-app notifications only (logged once). */
export function startBezorger(ctx: Context): () => Promise<void> {
  if (!ctx.config.SMTP_URL) ctx.log.warn('SMTP_URL is not set: notifications are not sent by e-mail');
  const b = maakBezorger(ctx);
  const stop = b.start(ctx.config.NOTIFICATIE_INTERVAL_MS);
  return async () => {
    await stop();
    b.sluit();
  };
}
