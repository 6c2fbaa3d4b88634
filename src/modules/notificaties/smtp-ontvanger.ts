import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface OntvangenMail {
  aan: string[];
  onderwerp: string;
  tekst: string;
  messageId: string | undefined;
  kopregels: ParsedMail['headers'];
}

/**
 * A real SMTP receiver on loopback (smtp-server), for development (`npm start` with demo data) and the tests: every
 * message is parsed (mailparser) and handed to `bijMail`. No TLS and no login: it listens on 127.0.0.1 only.
 */
export async function startSmtpOntvanger(
  bijMail: (m: OntvangenMail) => void,
  opties: { port?: number } = {},
): Promise<{ url: string; poort: number; sluit(): Promise<void> }> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, _sessie, klaar) {
      simpleParser(stream).then(
        (m) => {
          const aan = (Array.isArray(m.to) ? m.to : m.to ? [m.to] : []).flatMap((a) =>
            a.value.map((v) => v.address ?? ''),
          );
          bijMail({
            aan,
            onderwerp: m.subject ?? '',
            tekst: m.text ?? '',
            messageId: m.messageId,
            kopregels: m.headers,
          });
          klaar();
        },
        (e: Error) => klaar(e),
      );
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opties.port ?? 0, '127.0.0.1', () => resolve());
  });
  const poort = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${poort}`,
    poort,
    sluit: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
