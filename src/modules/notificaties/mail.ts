import nodemailer, { type Transporter } from 'nodemailer';
import { soortVan } from './catalogus.ts';

export interface Mailer {
  verstuur(bericht: MailBericht): Promise<void>;
  sluit(): void;
}

export interface MailBericht {
  aan: string;
  onderwerp: string;
  tekst: string;
  /** Stable per event and addressee, so a mail sent twice (at-least-once) can be recognised by the receiver. */
  messageId: string;
  gebeurtenisId: string;
  type: string;
}

/** SMTP over `SMTP_URL` (smtp:// or smtps://, credentials in the URL) with nodemailer. */
export function smtpMailer(url: string, afzender: string): Mailer {
  const t: Transporter = nodemailer.createTransport(url);
  return {
    async verstuur(b) {
      await t.sendMail({
        from: afzender,
        to: b.aan,
        subject: b.onderwerp,
        text: b.tekst,
        messageId: b.messageId,
        headers: { 'X-Schuldenrust-Gebeurtenis': b.gebeurtenisId, 'X-Schuldenrust-Type': b.type },
      });
    },
    sluit: () => t.close(),
  };
}

/**
 * The Dutch e-mail for one event: the catalogue's title and sentence, and a link into the app. Nothing about a
 * resident: the catalogue texts are fixed sentences, and the payload holds only ids, dates and counts.
 */
export function maakMail(
  g: { id: string; type: string; data: unknown },
  ontvanger: { id: string; email: string },
  basisUrl: string,
): MailBericht | null {
  const s = soortVan(g.type);
  if (!s) return null;
  const data = s.payload.parse(g.data);
  const basis = basisUrl.replace(/\/+$/, '');
  return {
    aan: ontvanger.email,
    onderwerp: `Schuldenrust: ${s.titel(data)}`,
    tekst: [
      'Goedendag,',
      '',
      s.tekst(data),
      '',
      `Log in om het te bekijken: ${basis}${s.link(data)}`,
      '',
      `U krijgt dit bericht omdat u in Schuldenrust meldingen per e-mail ontvangt voor: ${s.omschrijving.toLowerCase()}. Uw keuze wijzigt u onder Meldingen, Voorkeuren: ${basis}/meldingen/voorkeuren`,
      '',
      'Dit is een automatisch bericht. U kunt er niet op antwoorden.',
    ].join('\n'),
    messageId: `<${g.id}.${ontvanger.id}@schuldenrust>`,
    gebeurtenisId: g.id,
    type: g.type,
  };
}
