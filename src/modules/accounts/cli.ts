import { parseArgs } from 'node:util';
import type { Context } from '../../context.ts';
import { SYSTEEM } from '../audit/index.ts';
import { vindOrganisatie } from '../organisaties/index.ts';
import { leesRol, ROLLEN } from './rollen.ts';

export const GEBRUIKER_HULP = `  gebruiker aanmaken --organisatie <naam-of-id> --email <adres> --naam <naam> --rol <${ROLLEN.join('|')}>
  gebruiker totp-reset <email>                  (nieuw TOTP-geheim; alle sessies beëindigd)
  gebruiker herstelcodes <email>                (10 nieuwe herstelcodes; de oude vervallen)
  gebruiker deblokkeren <email>
`;

/** `gebruiker ...` commands. Secrets are printed once, to stdout only; they are never logged. */
export async function gebruikerCommand(ctx: Context, argv: string[], out: (line: string) => void): Promise<number> {
  const [actie, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      organisatie: { type: 'string' },
      email: { type: 'string' },
      naam: { type: 'string' },
      rol: { type: 'string' },
    },
  });
  const email = values.email ?? positionals[0];
  if (actie === 'aanmaken') {
    const rol = values.rol ? leesRol(values.rol) : undefined;
    if (!values.organisatie || !email || !values.naam || !rol) {
      out(`Gebruik:\n${GEBRUIKER_HULP}`);
      return 2;
    }
    const org = await vindOrganisatie(ctx.db.kysely, values.organisatie);
    if (!org) {
      out(`Organisatie '${values.organisatie}' niet gevonden.`);
      return 2;
    }
    const g = await ctx.accounts.maakGebruiker(SYSTEEM, { organisatieId: org.id, email, naam: values.naam, rol });
    out(
      `Gebruiker ${g.id} (${rol}) aangemaakt bij ${org.naam}. Geef deze gegevens veilig door; ze worden maar één keer getoond.`,
    );
    out(`Wachtwoord:      ${g.wachtwoord}`);
    out(`TOTP-geheim:     ${g.totpGeheim}`);
    out(`TOTP-URI (QR):   ${g.totpUri}`);
    out('Herstelcodes (elk één keer bruikbaar):');
    for (const c of g.herstelcodes) out(`  ${c}`);
    return 0;
  }
  if (actie === 'totp-reset' || actie === 'herstelcodes' || actie === 'deblokkeren') {
    const g = email ? await ctx.accounts.vindGebruiker(email) : undefined;
    if (!g) {
      out(email ? 'Gebruiker niet gevonden.' : `Gebruik:\n${GEBRUIKER_HULP}`);
      return 2;
    }
    if (actie === 'totp-reset') {
      const r = await ctx.accounts.totpReset(SYSTEEM, g.id);
      out('Nieuw TOTP-geheim ingesteld; alle sessies van deze gebruiker zijn beëindigd.');
      out(`TOTP-geheim:     ${r.totpGeheim}`);
      out(`TOTP-URI (QR):   ${r.totpUri}`);
    } else if (actie === 'herstelcodes') {
      out('Nieuwe herstelcodes (de oude vervallen; elk één keer bruikbaar):');
      for (const c of await ctx.accounts.nieuweHerstelcodes(SYSTEEM, g.id)) out(`  ${c}`);
    } else {
      await ctx.accounts.deblokkeer(SYSTEEM, g.id);
      out('Gebruiker gedeblokkeerd.');
    }
    return 0;
  }
  out(`Gebruik:\n${GEBRUIKER_HULP}`);
  return 2;
}
