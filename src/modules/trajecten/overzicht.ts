import type { Context } from '../../context.ts';
import { notFound } from '../../shared/errors.ts';
import { TRAJECT_FASEN, type TrajectFase } from '../../shared/vocabulaire.ts';
import type { Actor } from '../audit/index.ts';
import type { DdasDelen } from './ddas.ts';
import { weergave } from './service.ts';
import * as store from './store.ts';
import type { TrajectRij } from './store.ts';

/** The date a phase began, from its DDAS part (null when the phase was not reached or has no date). */
export function faseDatum(d: DdasDelen, fase: TrajectFase): string | null {
  switch (fase) {
    case 'aanmelding':
      return d.aanmelding?.startdatum ?? null;
    case 'informatie-en-advies':
      return d.informatieEnAdvies?.startdatum ?? null;
    case 'intake':
      return d.intake?.startdatum ?? d.intake?.beschikkingsdatum ?? null;
    case 'plan-van-aanpak':
      return d.planVanAanpak?.datumAfronding ?? null;
    case 'stabilisatie':
      return d.stabilisatie?.startdatum ?? null;
    case 'schuldregeling':
      return d.schuldregeling?.datum ?? null;
    case 'oplossing':
      return d.oplossing?.startdatum ?? null;
    case 'begeleiding':
      return d.begeleiding?.[0]?.startdatum ?? null;
    case 'nazorg':
      return d.nazorg?.startdatum ?? null;
    case 'uitstroom':
      return d.uitstroom?.datum ?? null;
  }
}

/** Phase history: every DDAS phase in order, reached or not, with the date it began. */
export function fasehistorie(t: Pick<TrajectRij, 'ddas' | 'fase'>) {
  const d = t.ddas as DdasDelen;
  const huidig = TRAJECT_FASEN.indexOf(t.fase as TrajectFase);
  return TRAJECT_FASEN.map((fase, i) => ({
    fase,
    datum: faseDatum(d, fase),
    bereikt: i <= huidig,
    huidig: i === huidig,
  }));
}

type VishReden =
  | 'gesloten'
  | 'feed-uit'
  | 'keuze-nooit'
  | 'keuze-altijd'
  | 'alle-open'
  | 'toegelaten'
  | 'niet-toegelaten'
  | 'alleen-gekozen';

/** Whether the trajectory is in the organisation's VISH feed, by the same rule as the feed query (store.voorVish). */
export function vishStatus(
  t: Pick<TrajectRij, 'einddatum' | 'geanonimiseerd_op' | 'vish_keuze' | 'toegelaten' | 'startdatum' | 'ddas'>,
  feed: Awaited<ReturnType<typeof store.feed>>,
) {
  const d = t.ddas as DdasDelen;
  const regel = feed?.regel ?? 'vanaf-toelating';
  const actief = feed?.actief ?? true;
  let reden: VishReden;
  if (t.einddatum || t.geanonimiseerd_op) reden = 'gesloten';
  else if (!actief) reden = 'feed-uit';
  else if (t.vish_keuze === 'nooit') reden = 'keuze-nooit';
  else if (t.vish_keuze === 'altijd') reden = 'keuze-altijd';
  else if (regel === 'alle-open') reden = 'alle-open';
  else if (regel === 'alleen-gekozen') reden = 'alleen-gekozen';
  else reden = t.toegelaten ? 'toegelaten' : 'niet-toegelaten';
  const opgenomen = ['keuze-altijd', 'alle-open', 'toegelaten'].includes(reden);
  // Since when it qualifies: from the admission decision or stabilisation under the default rule, else from the start.
  const sinds = !opgenomen
    ? null
    : reden === 'toegelaten'
      ? ([d.intake?.beschikkingsdatum, d.stabilisatie?.startdatum].filter(Boolean).sort()[0] ?? t.startdatum)
      : t.startdatum;
  return {
    opgenomen,
    reden,
    sinds,
    laatsteLeveringOp: opgenomen && feed?.laatste_resultaat !== 'fout' ? (feed?.laatste_run_op ?? null) : null,
  };
}

/** The counsellor's page of one own trajectory: the trajectory, its phases, VISH state and relapse signals. */
export async function trajectOverzicht(ctx: Context, actor: Actor, organisatieId: string, id: string) {
  const t = await store.vanOrganisatie(ctx.db.kysely, organisatieId, id);
  await ctx.audit.schrijf({ actor, actie: 'traject.lezen', onderwerp: id, resultaat: t ? 'ok' : 'niet-gevonden' });
  if (!t) throw notFound();
  const [feed, zaken] = await Promise.all([
    store.feed(ctx.db.kysely, organisatieId),
    store.terugvalZaken(ctx.db.kysely, id),
  ]);
  return {
    traject: weergave(ctx, t),
    fasen: fasehistorie(t),
    vish: vishStatus(t, feed),
    terugval: zaken.map((z) => ({
      zaakId: z.id,
      ontvangenOp: z.ontvangen_op,
      regel: z.terugval_regel,
      status: z.status as string,
      afgeslotenOp: z.afgesloten_op,
      // Only a case of the own organisation can be opened by the counsellor.
      eigen: z.organisatie_id === organisatieId,
    })),
  };
}
