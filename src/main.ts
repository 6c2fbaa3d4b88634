import { setFlagsFromString } from 'node:v8';
import { loadConfig } from './config.ts';
import { createContext } from './context.ts';
import { claimDataDir } from './db/lock.ts';
import { buildApp } from './http/app.ts';
import { Metriek, startMetriekServer } from './http/metriek.ts';
import { startScheduler } from './jobs/scheduler.ts';
import { startSftpServer, type SftpServer } from './modules/sftp/server.ts';
import { startSftpPoller } from './modules/sftp/poller.ts';
import { ensureCa, ensureServerCertificate } from './modules/organisaties/ca.ts';
import { controleerOndertekeningBijStart } from './modules/ddas/ondertekening.ts';
import { DEMO_GEBRUIKERS, DEMO_TOTP_GEHEIM, DEMO_WACHTWOORD } from './modules/accounts/demo.ts';
import { DEMO_BSN_GEEN_MATCH, DEMO_BSN_MATCH, DEMO_ORGANISATIES, laadDemoData } from './cli/demo.ts';
import { startBezorger, startSmtpOntvanger, type OntvangenMail } from './modules/notificaties/index.ts';
import { DEMO_INWONERS, redirectUrl, startLokaleOidc, type LokaleOidc } from './modules/pauzeknop/index.ts';

/** A demo e-mail in the console: addressee, subject and the link (the texts hold no personal data of residents). */
function toonDemoMail(m: OntvangenMail) {
  const link = /https?:\/\/\S+/.exec(m.tekst)?.[0] ?? '';
  process.stdout.write(`Demo-mail aan ${m.aan.join(', ')}: ${m.onderwerp}\n  ${link}\n`);
}

/** Start: config -> database (+ migrations) -> demo data -> jobs -> HTTP and mutual-TLS listeners. */
async function main() {
  const config = loadConfig();
  if (config.HEAP_GROEI_PROCENT > 0) setFlagsFromString(`--heap-growing-percent=${config.HEAP_GROEI_PROCENT}`);
  const release = config.DATABASE_URL ? () => undefined : claimDataDir(`${config.DATA_DIR}/pglite`);
  const demo = config.DEMO_DATA ? config.DEMO_DATA === 'aan' : !config.DATABASE_URL;
  // Demo without SMTP_URL: a local SMTP receiver in this process; every e-mail it gets is shown in the console.
  const demoMail = demo && !config.SMTP_URL ? await startSmtpOntvanger(toonDemoMail) : undefined;
  if (demoMail) config.SMTP_URL = demoMail.url;
  // Pauzeknop without a configured OpenID Connect broker (never in production): a local development provider.
  let oidc: LokaleOidc | undefined;
  if (!config.PAUZEKNOP_OIDC_ISSUER && config.NODE_ENV !== 'production') {
    oidc = await startLokaleOidc({ port: config.PAUZEKNOP_LOKALE_OIDC_PORT, redirectUris: [redirectUrl(config)] });
    config.PAUZEKNOP_OIDC_ISSUER = oidc.issuer;
    config.PAUZEKNOP_OIDC_CLIENT_ID = oidc.clientId;
    config.PAUZEKNOP_OIDC_CLIENT_SECRET = oidc.clientSecret;
  }
  const ctx = await createContext(config);
  // DDAS signing certificate: chain and expiry (production refuses to start with an invalid one).
  await controleerOndertekeningBijStart(config, ctx.log);
  if (demo && (await laadDemoData(ctx))) ctx.log.info('demo data loaded');

  const metriek = new Metriek(ctx);
  const app = await buildApp(ctx, undefined, { metriek });
  await app.listen({ host: config.HOST, port: config.PORT });
  let tlsApp: Awaited<ReturnType<typeof buildApp>> | undefined;
  if (config.TLS_PORT) {
    const ca = await ensureCa(config.DATA_DIR);
    const server = await ensureServerCertificate(config.DATA_DIR, ca);
    tlsApp = await buildApp(ctx, { key: server.keyPem, cert: server.certPem, ca: ca.certPem }, { metriek });
    await tlsApp.listen({ host: config.HOST, port: config.TLS_PORT });
  }
  const metriekServer =
    config.METRIEK_PORT === undefined ? undefined : await startMetriekServer(metriek, config.HOST, config.METRIEK_PORT);
  const stopJobs = startScheduler(ctx, metriek);
  const stopBezorger = startBezorger(ctx); // notifications: e-mail, webhooks, in-app list
  // SFTP drop box for signal files, and the poller that processes finished uploads.
  const sftp: SftpServer | undefined = config.SFTP_PORT
    ? await startSftpServer(ctx, { host: config.HOST, port: config.SFTP_PORT })
    : undefined;
  const stopPoller = sftp ? startSftpPoller(ctx, config.SFTP_POLL_SECONDEN) : () => undefined;

  const base = `http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${config.PORT}`;
  const lines = [
    '',
    `Schuldenrust draait op ${base}  (database: ${ctx.db.kind})`,
    `  Webapplicatie:    ${base}/`,
    `  API-documentatie: ${base}/api/docs`,
    ...(metriekServer ? [`  Metrics (Prometheus): http://${config.HOST}:${poortVan(metriekServer)}/metrics`] : []),
    ...(config.TLS_PORT ? [`  mTLS (clientcertificaten): https://${config.HOST}:${config.TLS_PORT}`] : []),
    ...(sftp
      ? [
          `  SFTP (signaalbestanden): sftp -P ${sftp.port} <organisatie-id>@${config.HOST}  (hostsleutel ${sftp.vingerafdruk})`,
        ]
      : []),
    ...(oidc
      ? [
          `  Pauzeknop:        ${base}/pauzeknop  (lokale OIDC-provider ${oidc.issuer}; inloggen als ${Object.keys(DEMO_INWONERS).join(' of ')}, elk wachtwoord)`,
        ]
      : []),
    ...(demoMail
      ? [`  E-mail (demo):    lokale SMTP-ontvanger ${demoMail.url}; ontvangen mails verschijnen hieronder`]
      : []),
  ];
  if (demo) {
    lines.push('', 'Demo-organisaties en hun API-sleutels (header X-Api-Key):');
    for (const o of DEMO_ORGANISATIES) lines.push(`  ${o.type.padEnd(20)} ${o.naam.padEnd(32)} ${o.sleutel}`);
    lines.push(
      '',
      `Demo-gebruikers (POST /api/sessie/inloggen), wachtwoord ${DEMO_WACHTWOORD}, TOTP-geheim ${DEMO_TOTP_GEHEIM}:`,
    );
    for (const g of DEMO_GEBRUIKERS) lines.push(`  ${g.rol.padEnd(26)} ${g.email}`);
    lines.push('', `Demo-BSN in VISH: ${DEMO_BSN_MATCH}; niet in VISH: ${DEMO_BSN_GEEN_MATCH}`, '');
  }
  process.stdout.write(lines.join('\n') + '\n');

  // Graceful shutdown: readiness 503 first (the balancer drains the node), then no new work; running requests
  // (a VISH delivery, a signal upload) finish, or are cut off after AFSLUIT_MAX_MS: an unfinished delivery never
  // activates, so the previous list stays active, and the next start cleans it up. Locks go with the connections.
  const stop = (signaal: string) => {
    if (ctx.levensloop.stopt) return; // a second signal: the shutdown already runs
    ctx.levensloop.stopt = true;
    void (async () => {
      ctx.log.info({ signaal }, 'shutting down');
      const noodstop = setTimeout(() => {
        ctx.log.error('shutdown took too long; exiting with running work cut off');
        process.exit(1);
      }, config.AFSLUIT_WACHT_MS + config.AFSLUIT_MAX_MS);
      noodstop.unref();
      stopJobs();
      stopPoller();
      if (config.AFSLUIT_WACHT_MS) await new Promise((r) => setTimeout(r, config.AFSLUIT_WACHT_MS));
      await sftp?.close();
      await Promise.all([app.close(), tlsApp?.close()]);
      await stopBezorger();
      await demoMail?.sluit();
      await oidc?.sluit();
      metriekServer?.close();
      await ctx.close();
      release();
      ctx.log.info('stopped');
      process.exit(0);
    })();
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

const poortVan = (s: { address(): unknown }) => (s.address() as { port: number }).port;

main().catch((err) => {
  process.stderr.write(`Schuldenrust kon niet starten: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
