import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Context } from '../../context.ts';
import { SYSTEEM } from '../audit/index.ts';
import { lijstClients, registreerClient, SCOPES, trekClientIn } from './clients.ts';
import { herkenModel, MODEL_NAAM, valideer, type DdasModel } from './validatie.ts';
import { vandaag } from '../../shared/datum.ts';
import { controleerOpgeslagenDatums } from './datumcontrole.ts';
import { laad } from './ondertekening.ts';

export const DDAS_HULP = `  ddas valideer <bestand.json> [--model vs|shv]   (controleert een DDAS-bestand tegen het officiële schema)
  ddas client registreren --naam <naam> [--scopes ${SCOPES.join(',')}]
  ddas client lijst
  ddas client intrekken <client-id>
  ddas datumcontrole                           (meldt opgeslagen contactpogingen en trajecten met datums die niet kloppen)
  ddas ondertekening                           (toont het ondertekeningscertificaat, de keten en de geldigheid)
`;

type Out = (line: string) => void;

/** `ddas valideer`: needs no database, so it also runs while the platform is running. */
export function ddasValideer(args: string[], out: Out): number {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { model: { type: 'string' } } });
  const bestand = positionals[0];
  if (!bestand) {
    out(DDAS_HULP);
    return 2;
  }
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(bestand, 'utf8'));
  } catch (err) {
    out(`${bestand}: geen leesbaar JSON-bestand (${err instanceof Error ? err.message : String(err)}).`);
    return 1;
  }
  const model = (
    values.model === 'vs' || values.model === 'shv' ? values.model : herkenModel(data)
  ) as DdasModel | null;
  if (!model) {
    out(`${bestand}: onbekend model; geef --model vs of --model shv op.`);
    return 1;
  }
  const r = valideer(model, data);
  if (r.geldig) {
    out(`${bestand}: geldig volgens ${MODEL_NAAM[model]}.`);
    return 0;
  }
  out(
    `${bestand}: ONGELDIG volgens ${MODEL_NAAM[model]} (${r.fouten.length} ${r.fouten.length === 1 ? 'fout' : 'fouten'}):`,
  );
  for (const f of r.fouten) out(`  ${f.pad}: ${f.melding}`);
  return 1;
}

/** `ddas client ...`: the operator's registration of OAuth2 clients (CBS) for the /gegevens APIs. */
export async function ddasCommand(ctx: Context, args: string[], out: Out): Promise<number> {
  const [sub, actie, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { naam: { type: 'string' }, scopes: { type: 'string' } },
  });
  switch (`${sub ?? ''} ${actie ?? ''}`) {
    case 'client registreren': {
      if (!values.naam) {
        out(DDAS_HULP);
        return 2;
      }
      const scopes = values.scopes ? values.scopes.split(',').map((s) => s.trim()) : [...SCOPES];
      const c = await registreerClient(ctx, SYSTEEM, { naam: values.naam, scopes });
      out(
        `Client geregistreerd voor ${c.naam} (scopes: ${c.scopes.join(' ')}). Het geheim wordt maar één keer getoond:`,
      );
      out(`  client_id:     ${c.clientId}`);
      out(`  client_secret: ${c.clientSecret}`);
      return 0;
    }
    case 'client lijst':
      for (const c of await lijstClients(ctx))
        out(`${c.id}  ${c.ingetrokken_op ? 'ingetrokken' : 'actief     '}  ${c.scopes.join(',').padEnd(17)} ${c.naam}`);
      return 0;
    case 'client intrekken': {
      const ok = positionals[0] ? await trekClientIn(ctx, SYSTEEM, positionals[0]) : false;
      out(ok ? 'Client ingetrokken; zijn tokens werken niet meer.' : 'Onbekende of al ingetrokken client.');
      return ok ? 0 : 2;
    }
    case 'datumcontrole ': {
      const bevindingen = await controleerOpgeslagenDatums(ctx, vandaag());
      for (const b of bevindingen) out(`${b.soort} ${b.id}${b.zaakId ? ` (zaak ${b.zaakId})` : ''}: ${b.reden}`);
      out(
        bevindingen.length === 0
          ? 'Alle opgeslagen datums kloppen.'
          : `${bevindingen.length} ${bevindingen.length === 1 ? 'datum klopt' : 'datums kloppen'} niet; corrigeer ze in het dossier of de zaak.`,
      );
      await ctx.audit.schrijf({
        actor: SYSTEEM,
        actie: 'ddas.datumcontrole',
        resultaat: 'ok',
        details: { bevindingen: bevindingen.length },
      });
      return bevindingen.length === 0 ? 0 : 1;
    }
    case 'ondertekening ': {
      const o = await laad(ctx.config);
      out(`Bron: ${o.bron}; x5t#S256: ${o.x5tS256}`);
      for (const [i, c] of o.keten.entries())
        out(`  ${i}: ${c.subject.replace(/\n/g, ', ')} (geldig tot ${c.validTo})`);
      out(
        o.controle.geldig
          ? `Keten geldig tot ${o.controle.geldigTot.toISOString()}.`
          : `ONGELDIG: ${o.controle.fouten.join(' ')}`,
      );
      return o.controle.geldig ? 0 : 1;
    }
    default:
      out(DDAS_HULP);
      return 2;
  }
}
