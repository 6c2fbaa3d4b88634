import type { Context } from '../../context.ts';
import { vandaag, plusMaanden } from '../../shared/datum.ts';
import { csvRegel } from '../../shared/csv-bron.ts';
import { invalidInput } from '../../shared/errors.ts';
import type { Actor } from '../audit/index.ts';
import * as store from './store.ts';

const SOORTEN = ['publiek', 'privaat', 'niet-aangesloten'] as const;

function mediaan(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
const uren = (ms: number) => Math.round((ms / 3_600_000) * 10) / 10;

/**
 * Reports of the own organisation's pauses that started in [van, tot]: pauses started, active now, ended; per creditor
 * type (public, private, not connected = by letter) Kennisgevingen sent, acknowledged, no claim, with a bailiff,
 * unanswered, the median time to acknowledgement (hours) and the share unanswered. Counts only, no person.
 */
export async function rapportage(
  ctx: Context,
  actor: Actor,
  organisatieId: string,
  v: { van?: string | undefined; tot?: string | undefined },
  nu = new Date(),
) {
  const dag = vandaag(nu);
  const tot = v.tot ?? dag;
  const van = v.van ?? plusMaanden(tot, -12);
  if (van > tot) throw invalidInput('De begindatum ligt na de einddatum.');
  const [pauzes, rijen] = await Promise.all([
    store.pauzeTellingen(ctx.db.kysely, organisatieId, van, tot, dag),
    store.rapportRijen(ctx.db.kysely, organisatieId, van, tot),
  ]);
  const perSoort = [...SOORTEN, 'totaal' as const].map((soort) => {
    const r = rijen.filter((x) =>
      soort === 'totaal'
        ? true
        : soort === 'niet-aangesloten'
          ? x.kanaal === 'brief'
          : x.kanaal !== 'brief' && x.soort === soort,
    );
    const erkend = r.filter((x) => x.antwoord === 'erkend');
    const digitaal = r.filter((x) => x.kanaal !== 'brief');
    const onbeantwoord = digitaal.filter((x) => !x.antwoord).length;
    const m = mediaan(erkend.map((x) => x.beantwoord_op!.getTime() - x.verstuurd_op.getTime()));
    return {
      soort,
      verstuurd: r.length,
      erkend: erkend.length,
      geenVordering: r.filter((x) => x.antwoord === 'geen-vordering').length,
      deurwaarder: r.filter((x) => x.antwoord === 'deurwaarder').length,
      onbeantwoord,
      herinnerd: r.filter((x) => x.herinnerd_op).length,
      mediaanUrenTotErkenning: m === null ? null : uren(m),
      aandeelOnbeantwoord: digitaal.length ? Math.round((onbeantwoord / digitaal.length) * 1000) / 1000 : null,
    };
  });
  await ctx.audit.schrijf({ actor, actie: 'schuldenrust.rapportage', resultaat: 'ok', details: { van, tot } });
  return { van, tot, pauzes, perSoort };
}

export function rapportageCsv(r: Awaited<ReturnType<typeof rapportage>>): string {
  const kop = csvRegel([
    'van',
    'tot',
    'pauzes_gestart',
    'pauzes_actief',
    'pauzes_beeindigd',
    'schuldeiser_soort',
    'verstuurd',
    'erkend',
    'geen_vordering',
    'deurwaarder',
    'onbeantwoord',
    'herinnerd',
    'mediaan_uren_tot_erkenning',
    'aandeel_onbeantwoord',
  ]);
  return (
    kop +
    r.perSoort
      .map((s) =>
        csvRegel([
          r.van,
          r.tot,
          r.pauzes.gestart,
          r.pauzes.actief,
          r.pauzes.beeindigd,
          s.soort,
          s.verstuurd,
          s.erkend,
          s.geenVordering,
          s.deurwaarder,
          s.onbeantwoord,
          s.herinnerd,
          s.mediaanUrenTotErkenning === null ? '' : String(s.mediaanUrenTotErkenning).replace('.', ','),
          s.aandeelOnbeantwoord === null ? '' : String(s.aandeelOnbeantwoord).replace('.', ','),
        ]),
      )
      .join('')
  );
}
