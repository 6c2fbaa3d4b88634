import { createReadStream } from 'node:fs';
import type { Context } from '../../context.ts';
import { SYSTEEM } from '../audit/index.ts';
import { verwerkSignaalbestand } from './intake/verwerk.ts';

/**
 * The housing corporation's demo file, delivered once, so Utrecht has cases. Run last, after any demo trajectories
 * exist, so a relapse is found at intake.
 */
export async function laadDemoSignalen(ctx: Context, orgs: ReadonlyMap<string, { id: string }>, demoMap: string) {
  const domstad = orgs.get('Woningcorporatie Domstad');
  if (domstad)
    await verwerkSignaalbestand(ctx, SYSTEEM, domstad.id, createReadStream(`${demoMap}signalen.csv`), 'signalen.csv');
}
