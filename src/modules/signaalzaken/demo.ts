import type { Context } from '../../context.ts';
import { voegWerkgebiedToe } from './rapport-store.ts';

/** Demo work areas: the Kredietbank and the neighbourhood team work for Utrecht (GM0344). */
export async function laadDemoSignaalzaken(ctx: Context, orgs: ReadonlyMap<string, { id: string }>) {
  for (const naam of ['Kredietbank Utrecht', 'Buurtteam Utrecht-Oost']) {
    const o = orgs.get(naam);
    if (o) await voegWerkgebiedToe(ctx.db.kysely, o.id, 'GM0344');
  }
}
