/**
 * Real receivers on loopback for the notification tests: an SMTP server (the platform's own dev receiver, smtp-server +
 * mailparser) and an HTTP webhook receiver that dedupes on the event id, as a receiver should. Every mail body and
 * every webhook body is run through the privacy scanner (clear BSN, surname of a data subject): `vondsten` must stay
 * empty in every test.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSmtpOntvanger, type OntvangenMail } from '../../src/modules/notificaties/index.ts';
import { zoekInTekst, type Vondst } from './privacy-scanner.ts';

export interface Mailbox {
  url: string;
  mails: OntvangenMail[];
  vondsten: Array<Vondst & { waar: string }>;
  /** Waits until a mail for `aan` arrives (optionally matching the subject) and returns it. */
  wacht(aan: string, onderwerp?: RegExp, ms?: number): Promise<OntvangenMail>;
  sluit(): Promise<void>;
}

export async function mailbox(): Promise<Mailbox> {
  const mails: OntvangenMail[] = [];
  const vondsten: Mailbox['vondsten'] = [];
  const o = await startSmtpOntvanger((m) => {
    for (const v of zoekInTekst(`${m.onderwerp}\n${m.tekst}`)) vondsten.push({ ...v, waar: `mail ${m.onderwerp}` });
    mails.push(m);
  });
  return {
    url: o.url,
    mails,
    vondsten,
    async wacht(aan, onderwerp, ms = 15_000) {
      const eind = Date.now() + ms;
      for (;;) {
        const m = mails.find((x) => x.aan.includes(aan) && (!onderwerp || onderwerp.test(x.onderwerp)));
        if (m) return m;
        if (Date.now() > eind) throw new Error(`no mail for ${aan} ${onderwerp ?? ''} within ${ms} ms`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    sluit: () => o.sluit(),
  };
}

export interface WebhookVerzoek {
  body: string;
  headers: IncomingHttpHeaders;
  id: string;
}

export interface WebhookOntvanger {
  url: string;
  /** Every request that arrived (also repeats). */
  verzoeken: WebhookVerzoek[];
  /** Events processed once each (the idempotent receiver's state). */
  verwerkt: Map<string, unknown>;
  vondsten: Array<Vondst & { waar: string }>;
  /** What to answer: a status, or 'hangen' (never answer: the caller times out or is killed). */
  antwoord: number | 'hangen';
  /** Milliseconds before answering (a slow receiver). */
  vertraging: number;
  /** Called when a request has arrived (before the answer). */
  bijVerzoek?: (v: WebhookVerzoek) => void;
  wacht(type: string, ms?: number): Promise<WebhookVerzoek>;
  sluit(): Promise<void>;
}

export async function webhookOntvanger(): Promise<WebhookOntvanger> {
  const o: WebhookOntvanger = {
    url: '',
    verzoeken: [],
    verwerkt: new Map(),
    vondsten: [],
    antwoord: 200,
    vertraging: 0,
    async wacht(type, ms = 15_000) {
      const eind = Date.now() + ms;
      for (;;) {
        const v = o.verzoeken.find((x) => x.headers['schuldenrust-event-type'] === type);
        if (v) return v;
        if (Date.now() > eind) throw new Error(`no webhook call of type ${type} within ${ms} ms`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    sluit: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const server = createServer((req, res) => {
    const delen: Buffer[] = [];
    req.on('data', (d: Buffer) => delen.push(d));
    req.on('end', () => {
      const body = Buffer.concat(delen).toString('utf8');
      const json = JSON.parse(body) as { id: string };
      const v = { body, headers: req.headers, id: json.id };
      for (const f of zoekInTekst(body)) o.vondsten.push({ ...f, waar: `webhook ${json.id}` });
      o.verzoeken.push(v);
      o.bijVerzoek?.(v);
      const antwoord = o.antwoord;
      if (antwoord === 'hangen') return;
      setTimeout(() => {
        // The idempotent receiver: an event id it has processed before is acknowledged, not processed again.
        if (antwoord >= 200 && antwoord < 300 && !o.verwerkt.has(json.id)) o.verwerkt.set(json.id, json);
        res.writeHead(antwoord).end();
      }, o.vertraging);
    });
  });
  // A hanging answer must not keep the test process alive.
  server.keepAliveTimeout = 1000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  o.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/haak`;
  const sluit = o.sluit;
  o.sluit = async () => {
    server.closeAllConnections();
    await sluit();
  };
  return o;
}
