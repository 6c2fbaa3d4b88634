import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { herkenModel, SCHEMA_MAP, valideer, type DdasModel } from '../../src/modules/ddas/validatie.ts';
import { ddasValideer } from '../../src/modules/ddas/cli.ts';

const lees = (model: DdasModel, bestand: string) => JSON.parse(readFileSync(`${SCHEMA_MAP[model]}${bestand}`, 'utf8'));
const SCHEMAS = dirname(SCHEMA_MAP.vs);

/**
 * Checks a schema folder against its SHA256SUMS (sha256sum format): every listed file has the recorded
 * checksum and every file in the folder is listed. Returns the problems, [] when all is well.
 */
function controleerManifest(map: string): string[] {
  const verwacht = new Map<string, string>();
  for (const regel of readFileSync(join(map, 'SHA256SUMS'), 'utf8').split('\n').filter(Boolean)) {
    const m = /^([0-9a-f]{64}) [ *](.+)$/.exec(regel);
    if (!m) return [`bad manifest line: ${regel}`];
    verwacht.set(m[2]!, m[1]!);
  }
  const problemen: string[] = [];
  const aanwezig = readdirSync(map, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(map, join(e.parentPath, e.name)))
    .filter((f) => f !== 'SHA256SUMS' && f !== 'BRON.md');
  for (const f of aanwezig) if (!verwacht.has(f)) problemen.push(`not in SHA256SUMS: ${f}`);
  for (const [f, hash] of verwacht) {
    if (!aanwezig.includes(f)) problemen.push(`missing: ${f}`);
    else if (
      createHash('sha256')
        .update(readFileSync(join(map, f)))
        .digest('hex') !== hash
    )
      problemen.push(`checksum differs: ${f}`);
  }
  return problemen.sort();
}

describe('DDAS schemas: the shipped copies match the checksums recorded next to them', () => {
  it('every file in src/modules/ddas/schemas has its SHA-256 from SHA256SUMS, and every file is listed', () => {
    expect(readFileSync(join(SCHEMAS, 'SHA256SUMS'), 'utf8').trim().split('\n')).toHaveLength(8);
    expect(controleerManifest(SCHEMAS)).toEqual([]);
  });

  it('one changed byte, a missing file or an unlisted file is caught', () => {
    const kopie = mkdtempSync(join(tmpdir(), 'sr-ddas-schemas-'));
    cpSync(SCHEMAS, kopie, { recursive: true });
    const f = join(kopie, 'ddas-vs-0.9', 'json_schema_Uitwisselmodel.json');
    const b = readFileSync(f);
    b[100] = b[100]! ^ 1;
    writeFileSync(f, b);
    writeFileSync(join(kopie, 'ddas-shv-1.0', 'extra.json'), '{}');
    const manifest = readFileSync(join(kopie, 'SHA256SUMS'), 'utf8');
    writeFileSync(join(kopie, 'SHA256SUMS'), `${manifest}${'0'.repeat(64)}  ddas-vs-0.9/weg.json\n`);
    expect(controleerManifest(kopie)).toEqual([
      'checksum differs: ddas-vs-0.9/json_schema_Uitwisselmodel.json',
      'missing: ddas-vs-0.9/weg.json',
      'not in SHA256SUMS: ddas-shv-1.0/extra.json',
    ]);
  });
});

describe('DDAS validator (JSON Schema 2020-12, official schemas)', () => {
  for (const model of ['vs', 'shv'] as const) {
    for (const voorbeeld of ['enkelvoudigVoorbeeld.json', 'meervoudigVoorbeeld.json']) {
      it(`${model}: the official ${voorbeeld} passes`, () => {
        const r = valideer(model, lees(model, voorbeeld));
        expect(r.fouten).toEqual([]);
        expect(r.geldig).toBe(true);
        expect(herkenModel(lees(model, voorbeeld))).toBe(model);
      });
    }

    it(`${model}: the schema, both examples and the API description are listed in SHA256SUMS`, () => {
      const lijst = readFileSync(join(SCHEMAS, 'SHA256SUMS'), 'utf8');
      const map = relative(SCHEMAS, SCHEMA_MAP[model]);
      for (const f of ['json_schema_Uitwisselmodel.json', 'enkelvoudigVoorbeeld.json', 'meervoudigVoorbeeld.json'])
        expect(lijst).toContain(`  ${map}/${f}\n`);
      expect(lijst).toMatch(new RegExp(`  ${map}/DDAS-(VS|SHV)\\.yaml\\n`));
    });

    it(`${model}: an example of the other model fails`, () => {
      expect(valideer(model, lees(model === 'vs' ? 'shv' : 'vs', 'enkelvoudigVoorbeeld.json')).geldig).toBe(false);
    });
  }

  it('vs: broken copies fail with the path of the error', () => {
    const kapot = (f: (d: any) => void) => {
      const d = lees('vs', 'enkelvoudigVoorbeeld.json');
      f(d);
      return valideer('vs', d);
    };
    const paden = (r: ReturnType<typeof valideer>) => r.fouten.map((f) => f.pad);
    expect(
      paden(
        kapot((d) => {
          d.leveringen[0].vroegsignalen[0].status = 'Opgepakt';
        }),
      ),
    ).toContain('/leveringen/0/vroegsignalen/0/status');
    expect(
      paden(
        kapot((d) => {
          d.leveringen[0].vroegsignalen[0].signaalpartner.type = 'Telecom';
        }),
      ),
    ).toContain('/leveringen/0/vroegsignalen/0/signaalpartner/type');
    expect(
      paden(
        kapot((d) => {
          d.leveringen[0].vroegsignaalzaken[0].contactpogingen[0].datum = '10-01-2025';
        }),
      ),
    ).toContain('/leveringen/0/vroegsignaalzaken/0/contactpogingen/0/datum');
    expect(
      paden(
        kapot((d) => {
          delete d.leveringen[0].gemeentecode;
        }),
      ),
    ).toContain('/leveringen/0');
    expect(
      paden(
        kapot((d) => {
          d.leveringen[0].vroegsignalen[0].meervoudig = true;
        }),
      ),
    ).toContain('/leveringen/0/vroegsignalen/0');
    expect(
      paden(
        kapot((d) => {
          d.leveringen[0].vroegsignalen[0].bedrag = 450.5;
        }),
      ),
    ).toContain('/leveringen/0/vroegsignalen/0/bedrag');
    expect(
      paden(
        kapot((d) => {
          delete d.codeGegevensleverancier;
        }),
      ),
    ).toContain('/');
    expect(
      kapot((d) => {
        d.aanleverdatumEnTijd = '2025-02-05 10:30';
      }).geldig,
    ).toBe(false);
  });

  it('shv: broken copies fail', () => {
    const kapot = (f: (d: any) => void) => {
      const d = lees('shv', 'enkelvoudigVoorbeeld.json');
      f(d);
      return valideer('shv', d);
    };
    expect(
      kapot((d) => {
        delete d.leveringen[0].schuldhulptrajecten[0].gemeentecode;
      }).geldig,
    ).toBe(false);
    expect(
      kapot((d) => {
        d.leveringen[0].schuldhulptrajecten[0].client.push({}, {});
      }).geldig,
    ).toBe(false); // at most 2 clients
    expect(
      kapot((d) => {
        d.leveringen[0].schuldhulptrajecten[0].begeleiding[0].soort = 'Bewind';
      }).geldig,
    ).toBe(false);
    expect(
      kapot((d) => {
        d.leveringen = [];
      }).geldig,
    ).toBe(false);
    expect(
      kapot((d) => {
        d.leveringen[0].aanleverende_organisatie.contactpersonen[0].email = 'geen-email';
      }).geldig,
    ).toBe(false);
  });

  it('recognises the model of a file, or says it cannot', () => {
    expect(herkenModel({ leveringen: [{ teller: 1, aanleverende_organisatie: { '(Statutaire) Naam': 'X' } }] })).toBe(
      'shv',
    );
    expect(herkenModel({ leveringen: [{ teller: 1, gemeentecode: '0344', aanleverende_organisatie: {} }] })).toBe('vs');
    expect(herkenModel({})).toBeNull();
    expect(herkenModel([])).toBeNull();
  });

  it('CLI "ddas valideer": exit 0 for a valid file, 1 with the errors for a broken or unreadable one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ddas-cli-'));
    const regels: string[] = [];
    const out = (r: string) => regels.push(r);
    expect(ddasValideer([`${SCHEMA_MAP.vs}meervoudigVoorbeeld.json`], out)).toBe(0);
    expect(regels.pop()).toContain('geldig volgens DDAS Vroegsignalering');
    const d = lees('shv', 'enkelvoudigVoorbeeld.json');
    d.leveringen[0].schuldhulptrajecten[0].uitstroom = { reden: 'Weg' };
    writeFileSync(join(dir, 'kapot.json'), JSON.stringify(d));
    expect(ddasValideer([join(dir, 'kapot.json')], out)).toBe(1);
    expect(regels.join('\n')).toContain('/leveringen/0/schuldhulptrajecten/0/uitstroom/reden');
    writeFileSync(join(dir, 'geen.json'), '{niet json');
    expect(ddasValideer([join(dir, 'geen.json')], out)).toBe(1);
    expect(ddasValideer([join(dir, 'geen.json'), '--model', 'vs'], out)).toBe(1);
    expect(ddasValideer([], out)).toBe(2);
  });
});
