/** A transactional account mail (invitation, password reset). */
export interface AccountMail {
  aan: string;
  onderwerp: string;
  tekst: string;
}

/** Sends account mails at once (notificaties/accountmail.ts: nodemailer over SMTP_URL); given to Accounts at start. */
export interface AccountMailer {
  /** False when the mail could not be sent (no SMTP_URL, or the server refused). */
  verstuur(m: AccountMail): Promise<boolean>;
  /** The web app's address, for links in mails. */
  basisUrl: string;
}

/** Dutch account mails. Never a resident's data; the user's own name is left out too (mail is not confidential). */

const SLOT = 'Dit is een automatisch bericht. U kunt er niet op antwoorden.';

export function uitnodigingsMail(
  basisUrl: string,
  i: { aan: string; organisatieNaam: string; wachtwoord: string; geldigTot: Date },
): AccountMail {
  const tot = new Intl.DateTimeFormat('nl-NL', {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'Europe/Amsterdam',
  }).format(i.geldigTot);
  return {
    aan: i.aan,
    onderwerp: 'Schuldenrust: uw nieuwe account',
    tekst: [
      'Goedendag,',
      '',
      `${i.organisatieNaam} heeft een account voor u gemaakt in Schuldenrust.`,
      '',
      `Uw e-mailadres: ${i.aan}`,
      `Uw eenmalige wachtwoord: ${i.wachtwoord}`,
      `Dit wachtwoord werkt tot ${tot} uur. Daarna kiest u op de inlogpagina "Wachtwoord vergeten".`,
      '',
      `Zo logt u de eerste keer in: ga naar ${basisUrl}/ en vul uw e-mailadres en het eenmalige wachtwoord in. Een code hoeft u nog niet in te vullen.`,
      'Daarna kiest u een eigen wachtwoord. Dan stelt u een authenticator-app in op uw telefoon: die app geeft u elke keer dat u inlogt een code.',
      '',
      `Heeft u dit account niet verwacht? Neem dan contact op met de beheerder van ${i.organisatieNaam}.`,
      '',
      SLOT,
    ].join('\n'),
  };
}

export function herstelMail(basisUrl: string, i: { aan: string; token: string; minuten: number }): AccountMail {
  return {
    aan: i.aan,
    onderwerp: 'Schuldenrust: kies een nieuw wachtwoord',
    tekst: [
      'Goedendag,',
      '',
      'Iemand heeft gevraagd om een nieuw wachtwoord voor uw account in Schuldenrust. Was u dat? Kies dan een nieuw wachtwoord via deze link:',
      '',
      `${basisUrl}/wachtwoord-herstellen#${i.token}`,
      '',
      `De link werkt ${i.minuten} minuten en maar één keer. Als u een nieuw wachtwoord kiest, wordt u op al uw apparaten uitgelogd.`,
      '',
      'Heeft u dit niet gevraagd? Dan hoeft u niets te doen. Uw wachtwoord blijft hetzelfde.',
      '',
      SLOT,
    ].join('\n'),
  };
}
