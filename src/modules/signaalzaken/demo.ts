import { createReadStream } from 'node:fs';
import type { Context } from '../../context.ts';
import { SYSTEEM } from '../audit/audit.ts';
import { verwerkSignaalbestand } from '../vroegsignalen/intake.ts';
import { voegWerkgebiedToe } from './rapport-store.ts';

/**
 * Demo work queue for Utrecht (GM0344): the Kredietbank and the neighbourhood team work for Utrecht, and the housing
 * corporation's demo file is delivered once, so the municipality has cases (the intake links them to cases).
 * Run last, after any demo trajectories exist, so a relapse is found at intake.
 */
export async function laadDemoSignaalzaken(ctx: Context, orgs: ReadonlyMap<string, { id: string }>, demoMap: string) {
  for (const naam of ['Kredietbank Utrecht', 'Buurtteam Utrecht-Oost']) {
    const o = orgs.get(naam);
    if (o) await voegWerkgebiedToe(ctx.db.kysely, o.id, 'GM0344');
  }
  const domstad = orgs.get('Woningcorporatie Domstad');
  if (domstad)
    await verwerkSignaalbestand(ctx, SYSTEEM, domstad.id, createReadStream(`${demoMap}signalen.csv`), 'signalen.csv');
}
