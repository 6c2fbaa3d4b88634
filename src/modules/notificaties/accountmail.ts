import nodemailer, { type Transporter } from 'nodemailer';
import type { Config } from '../../config.ts';

/**
 * A transactional account mail (invitation, password reset): to one address, sent at once, never stored. The same
 * shape as accounts/mails.ts declares (matched structurally): importing it would make a module loop
 * (accounts -> organisaties -> verwijsindex -> notificaties).
 */
export interface AccountMail {
  aan: string;
  onderwerp: string;
  tekst: string;
}

export interface AccountMailer {
  /** Sends the mail; false when it could not be sent (no SMTP_URL, or the SMTP server refused). */
  verstuur(m: AccountMail): Promise<boolean>;
  /** The address of the web app, for links in mails. */
  basisUrl: string;
  sluit(): void;
}

/**
 * Account mails go straight out over SMTP_URL with nodemailer, not through the outbox: they carry a one-time password
 * or a reset link, which must not be kept in the database, and they must not wait for the worker or for preferences.
 */
export function accountMailer(config: Config): AccountMailer {
  // Made at first use from the current SMTP_URL (a test or restart may set it after start).
  let t: { url: string; transport: Transporter } | null = null;
  const transport = () => {
    const url = config.SMTP_URL;
    if (!url) return null;
    if (t?.url !== url) {
      t?.transport.close();
      t = { url, transport: nodemailer.createTransport(url) };
    }
    return t.transport;
  };
  const basisUrl = (
    config.PUBLIEKE_URL ?? `http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${config.PORT}`
  ).replace(/\/+$/, '');
  return {
    basisUrl,
    async verstuur(m) {
      const tr = transport();
      if (!tr) return false;
      try {
        await tr.sendMail({
          from: config.MAIL_AFZENDER,
          to: m.aan,
          subject: m.onderwerp,
          text: m.tekst,
          headers: { 'X-Schuldenrust-Type': 'account' },
        });
        return true;
      } catch {
        return false;
      }
    },
    sluit: () => t?.transport.close(),
  };
}
