/**
 * vitest globalSetup: a fresh log folder per run (os.tmpdir()/schuldenrust-testlogs/<run id>), handed to
 * the workers through SR_TESTLOG_MAP (test/helpers.ts testLogger writes there at level 'debug').
 * Teardown: every line written during the whole run is scanned; a clear BSN or a demo surname fails the run.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { zoekInLogregel } from './privacy-scanner.ts';

export function setup() {
  const map = join(
    tmpdir(),
    'schuldenrust-testlogs',
    `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(3).toString('hex')}`,
  );
  mkdirSync(map, { recursive: true });
  process.env.SR_TESTLOG_MAP = map;
  return () => {
    const { regels, vondsten } = scanLogmap(map);
    if (vondsten.length > 0) {
      // The folder is kept for investigation; only the file and line number are reported, not the value.
      throw new Error(
        `Privacy scan of the test logs: ${vondsten.length} line(s) hold a clear BSN or a surname (${regels} lines read, folder ${map}):\n` +
          vondsten
            .slice(0, 20)
            .map((v) => `  ${v.bestand}:${v.regel} ${v.soorten.join(', ')}`)
            .join('\n'),
      );
    }
    if (process.env.SR_TESTLOG_BEWAREN !== 'ja') rmSync(map, { recursive: true, force: true });
  };
}

export function scanLogmap(map: string): {
  regels: number;
  vondsten: Array<{ bestand: string; regel: number; soorten: string[] }>;
} {
  let regels = 0;
  const vondsten: Array<{ bestand: string; regel: number; soorten: string[] }> = [];
  for (const bestand of readdirSync(map).filter((f) => f.endsWith('.log'))) {
    const lijnen = readFileSync(join(map, bestand), 'utf8').split('\n');
    lijnen.forEach((lijn, i) => {
      if (!lijn) return;
      regels++;
      const v = zoekInLogregel(lijn);
      if (v.length > 0) vondsten.push({ bestand, regel: i + 1, soorten: [...new Set(v.map((x) => x.soort))] });
    });
  }
  return { regels, vondsten };
}
