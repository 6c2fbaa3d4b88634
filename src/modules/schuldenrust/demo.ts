import type { Context } from '../../context.ts';
import { SYSTEEM } from '../audit/index.ts';
import { beantwoord, verstuurKennisgeving, voegSchuldToe, zetDeelname } from './service.ts';

/** Demo creditors (names as in DEMO_ORGANISATIES of src/cli/demo.ts). */
export const DEMO_SCHULDEISERS = {
  publiek: 'CJIB',
  api: 'Energie Utrecht',
  partner: 'Woningcorporatie Domstad',
} as const;
/** Not connected: gets the Kennisgeving by letter. */
export const DEMO_BRIEF_SCHULDEISER = { naam: 'Zorgverzekeraar Zilver', adres: 'Postbus 1234\n3500 AA Utrecht' };

/**
 * Schuldenrust demo: CJIB joins as public creditor on the portal, Energie Utrecht as private creditor over the API
 * (with a webhook once its administrator subscribes one), the housing corporation (a signal partner) as private
 * creditor on the portal. The demo BSN's admitted trajectory (KB-2026-001) gets a debt inventory with three creditors
 * (portal, API, letter): the counsellor sends the Kennisgeving. Trajectory KB-2026-090 already has a pause, answered
 * by CJIB, so the reports and work lists are not empty.
 */
export async function laadSchuldenrustDemo(ctx: Context, orgs: ReadonlyMap<string, { id: string }>) {
  const cjib = orgs.get(DEMO_SCHULDEISERS.publiek);
  const energie = orgs.get(DEMO_SCHULDEISERS.api);
  const domstad = orgs.get(DEMO_SCHULDEISERS.partner);
  const kb = orgs.get('Kredietbank Utrecht');
  if (!cjib || !energie || !domstad || !kb) return;
  await zetDeelname(ctx, SYSTEEM, cjib.id, {
    soort: 'publiek',
    grondslag: 'Wet administratiefrechtelijke handhaving verkeersvoorschriften; Wgs art. 3a',
    kanaal: 'portaal',
    stappen: ['aanmaningen', 'incassokosten', 'overdracht-deurwaarder', 'beslag'],
    contactEmail: 'schuldenrust@cjib.example',
  });
  await zetDeelname(ctx, SYSTEEM, energie.id, {
    soort: 'privaat',
    kanaal: 'api',
    stappen: ['aanmaningen', 'incassokosten', 'overdracht-incassobureau', 'afsluiting-of-opzegging'],
    contactEmail: 'incasso@energie-utrecht.example',
  });
  await zetDeelname(ctx, SYSTEEM, domstad.id, {
    soort: 'privaat',
    kanaal: 'portaal',
    stappen: ['aanmaningen', 'incassokosten', 'overdracht-deurwaarder', 'ontruiming'],
  });
  const traject = async (externId: string) =>
    (
      await ctx.db.kysely
        .selectFrom('trajecten')
        .select('id')
        .where('organisatie_id', '=', kb.id)
        .where('extern_id', '=', externId)
        .executeTakeFirst()
    )?.id;
  const bos = await traject('KB-2026-001');
  if (bos) {
    await voegSchuldToe(ctx, SYSTEEM, kb.id, bos, { schuldeiserId: cjib.id, kenmerk: 'CJIB-2026-4471', bedrag: 890 });
    await voegSchuldToe(ctx, SYSTEEM, kb.id, bos, { schuldeiserId: energie.id, kenmerk: 'KL-778812', bedrag: 1240.5 });
    await voegSchuldToe(ctx, SYSTEEM, kb.id, bos, { ...DEMO_BRIEF_SCHULDEISER, kenmerk: 'ZZ-55120', bedrag: 640 });
  }
  const smits = await traject('KB-2026-090');
  if (smits) {
    const a = await voegSchuldToe(ctx, SYSTEEM, kb.id, smits, {
      schuldeiserId: cjib.id,
      kenmerk: 'CJIB-2026-1190',
      bedrag: 310,
    });
    const b = await voegSchuldToe(ctx, SYSTEEM, kb.id, smits, {
      schuldeiserId: domstad.id,
      kenmerk: 'HUUR-3531-3',
      bedrag: 2150,
    });
    const r = await verstuurKennisgeving(ctx, SYSTEEM, kb.id, smits, { schulden: [a, b] });
    const cjibKg = r.verstuurd[0];
    if (cjibKg) await beantwoord(ctx, SYSTEEM, cjib.id, cjibKg.id, { antwoord: 'erkend' });
  }
}
