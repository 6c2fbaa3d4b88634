import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Logger } from '../../shared/logger.ts';
import type { WebhookKluis } from './kluis.ts';
import { maakMail, type Mailer } from './mail.ts';
import { publiceer } from './publiceren.ts';
import { verspreid } from './verspreiden.ts';
import { afgeleverd, claim, mislukt, type Taak } from './wachtrij.ts';
import { roepAan } from './webhook-aanroep.ts';

export interface BezorgerOpties {
  db: Kysely<Database>;
  log: Logger;
  /** null: no SMTP configured, no e-mail tasks are made. */
  mailer: Mailer | null;
  kluis: WebhookKluis;
  /** The web app's address for links in e-mails. */
  basisUrl: string;
  leaseMs: number;
  timeoutMs: number;
  /** Production: webhooks only to public https receivers. */
  alleenPubliek: boolean;
  /** Tasks per claim, and how many are delivered at the same time. */
  batch?: number;
}

/**
 * The outbox worker. Each round leases due tasks (SKIP LOCKED, so several nodes can run it; on PGlite there is one),
 * delivers them and records the outcome. Crash-safe: a task whose worker died is taken again when its lease ends, so
 * an e-mail or a webhook call can arrive twice (at least once), each with the same event id.
 */
export class Bezorger {
  private readonly batch: number;
  constructor(private readonly o: BezorgerOpties) {
    this.batch = o.batch ?? 10;
  }

  /** One round: returns how many tasks were handled. */
  async ronde(nu = new Date()): Promise<number> {
    const taken = await claim(this.o.db, nu, this.o.leaseMs, this.batch);
    await Promise.all(taken.map((t) => this.behandel(t, nu)));
    return taken.length;
  }

  /** Rounds until nothing is due (tests, CLI). */
  async bezorgAlles(nu?: Date, maxRondes = 50): Promise<number> {
    let totaal = 0;
    for (let i = 0; i < maxRondes; i++) {
      const n = await this.ronde(nu ?? new Date());
      totaal += n;
      if (n === 0) break;
    }
    return totaal;
  }

  /** Polls every `intervalMs` (at once again after a full round). Returns a stop function that waits for the round. */
  start(intervalMs: number): () => Promise<void> {
    let gestopt = false;
    let timer: NodeJS.Timeout | undefined;
    let lopend: Promise<void> = Promise.resolve();
    const lus = () => {
      lopend = this.ronde()
        .catch((err) => {
          this.o.log.error({ err }, 'notification worker round failed');
          return 0;
        })
        .then((n) => {
          if (!gestopt) timer = setTimeout(lus, n >= this.batch ? 0 : intervalMs);
          timer?.unref();
        });
    };
    timer = setTimeout(lus, 0);
    timer.unref();
    return async () => {
      gestopt = true;
      clearTimeout(timer);
      await lopend;
    };
  }

  private async behandel(t: Taak, nu: Date) {
    try {
      if (t.soort === 'verspreiden') await verspreid(this.o.db, t, nu, this.o.mailer !== null);
      else if (t.soort === 'mail') await this.mail(t, nu);
      else await this.webhook(t, nu);
    } catch (err) {
      this.o.log.error({ err, taak: t.id, soort: t.soort }, 'notification task failed');
      await mislukt(this.o.db, t, nu, 'Interne fout').catch(() => undefined);
    }
  }

  private async mail(t: Taak, nu: Date) {
    const r = await this.o.db
      .selectFrom('notificatie_taken as t')
      .innerJoin('notificatie_gebeurtenissen as g', 'g.id', 't.gebeurtenis_id')
      .innerJoin('gebruikers as u', 'u.id', 't.gebruiker_id')
      .select(['g.id', 'g.type', 'g.data', 'u.id as gebruikerId', 'u.email', 'u.actief'])
      .where('t.id', '=', t.id)
      .executeTakeFirst();
    const bericht =
      r?.actief && this.o.mailer ? maakMail(r, { id: r.gebruikerId, email: r.email }, this.o.basisUrl) : null;
    if (!bericht) {
      // The person left (deactivated) or e-mail was switched off: nothing to send.
      await afgeleverd(this.o.db, t, nu);
      return;
    }
    try {
      await this.o.mailer!.verstuur(bericht);
    } catch (err) {
      this.o.log.warn({ taak: t.id, code: (err as { code?: string }).code }, 'e-mail not accepted; retried later');
      await mislukt(this.o.db, t, nu, 'De mailserver nam het bericht niet aan.');
      return;
    }
    await afgeleverd(this.o.db, t, nu);
  }

  private async webhook(t: Taak, nu: Date) {
    const r = await this.o.db
      .selectFrom('notificatie_taken as t')
      .innerJoin('notificatie_gebeurtenissen as g', 'g.id', 't.gebeurtenis_id')
      .innerJoin('webhook_abonnementen as a', 'a.id', 't.abonnement_id')
      .select([
        'g.id',
        'g.type',
        'g.data',
        'g.aangemaakt_op',
        'a.id as abonnementId',
        'a.organisatie_id',
        'a.url',
        'a.geheim',
        'a.vorig_geheim',
        'a.vorig_geheim_tot',
        'a.actief',
        'a.verwijderd_op',
      ])
      .where('t.id', '=', t.id)
      .executeTakeFirst();
    if (!r?.actief || r.verwijderd_op) {
      await this.o.db
        .updateTable('notificatie_taken')
        .set({ status: 'mislukt', geclaimd_tot: null, laatste_fout: 'Het abonnement staat uit of is verwijderd.' })
        .where('id', '=', t.id)
        .execute();
      return;
    }
    const geheimen = [await this.o.kluis.ontsleutel(r.geheim, r.abonnementId)];
    if (r.vorig_geheim && r.vorig_geheim_tot && new Date(r.vorig_geheim_tot) > nu)
      geheimen.push(await this.o.kluis.ontsleutel(r.vorig_geheim, r.abonnementId));
    const data = typeof r.data === 'string' ? JSON.parse(r.data) : r.data;
    const body = JSON.stringify({ id: r.id, type: r.type, aangemaaktOp: new Date(r.aangemaakt_op), data });
    const uit = await roepAan(
      r.url,
      body,
      { id: r.id, type: r.type, geheimen },
      { timeoutMs: this.o.timeoutMs, alleenPubliek: this.o.alleenPubliek, nu },
    );
    if (uit.ok) {
      await afgeleverd(this.o.db, t, nu, uit.status);
      return;
    }
    // Given up after 24 hours: marked failed and the organisation's administrators are told, in one transaction.
    await this.o.db.transaction().execute(async (tx) => {
      if ((await mislukt(tx, t, nu, uit.fout ?? 'Mislukt', uit.status)) === 'opgegeven')
        await publiceer(
          tx,
          'webhook.mislukt',
          { organisatieId: r.organisatie_id, abonnementId: r.abonnementId, gebeurtenisId: r.id, type: r.type },
          { nu },
        );
    });
  }
}
