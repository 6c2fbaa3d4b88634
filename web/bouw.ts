import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Builds the web application into web/dist when it is missing or older than its sources. */
export const WEB_MAP = fileURLToPath(new URL('.', import.meta.url));
export const DIST_MAP = join(WEB_MAP, 'dist');

function nieuwste(pad: string): number {
  const s = statSync(pad);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(s.mtimeMs, ...readdirSync(pad).map((n) => nieuwste(join(pad, n))));
}

export function moetBouwen(): boolean {
  const index = join(DIST_MAP, 'index.html');
  if (!existsSync(index)) return true;
  const bronnen = ['src', 'index.html', 'vite.config.ts', '../package-lock.json']
    .map((p) => join(WEB_MAP, p))
    .filter((p) => existsSync(p));
  return Math.max(...bronnen.map(nieuwste)) > statSync(index).mtimeMs;
}

export async function bouwWeb(opties: { alleenAlsNodig?: boolean } = {}): Promise<boolean> {
  if (opties.alleenAlsNodig && !moetBouwen()) return false;
  const { build } = await import('vite');
  await build({ configFile: join(WEB_MAP, 'vite.config.ts'), logLevel: 'warn' });
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const altijd = process.argv.includes('--altijd');
  bouwWeb({ alleenAlsNodig: !altijd }).then(
    (gebouwd) => {
      process.stdout.write(gebouwd ? 'Webapplicatie gebouwd in web/dist\n' : 'Webapplicatie is actueel (web/dist)\n');
    },
    (err) => {
      process.stderr.write(
        `Bouwen van de webapplicatie mislukt: ${err instanceof Error ? err.message : String(err)}\n`,
      );
      process.exit(1);
    },
  );
}
