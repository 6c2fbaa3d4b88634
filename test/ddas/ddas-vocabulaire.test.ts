import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SCHEMA_MAP } from '../../src/modules/ddas/validatie.ts';
import {
  ALLE_CONTACTSOORTEN,
  ALLE_EINDRESULTATEN,
  contactsoortIn,
  eindresultaatIn,
  V1_0_CODELIJSTEN,
} from '../../src/modules/ddas/vocabulaire.ts';
import { CONTACTSOORTEN, EINDRESULTATEN } from '../../src/modules/signaalzaken/vocabulaire.ts';

const schema09 = JSON.parse(readFileSync(`${SCHEMA_MAP.vs}json_schema_Uitwisselmodel.json`, 'utf8'));
const enum09 = (naam: string): string[] => schema09.$defs[naam].enum;

/** The platform's own codes and their mapping to each DDAS Vroegsignalering version. */
describe('DDAS vocabularies: own codes mapped per model version', () => {
  it('every own code has a mapping, and the mapping covers exactly the own codes', () => {
    expect([...ALLE_CONTACTSOORTEN].sort()).toEqual([...CONTACTSOORTEN].sort());
    expect([...ALLE_EINDRESULTATEN].sort()).toEqual([...EINDRESULTATEN].sort());
  });

  it('v0.9: every code maps into the official v0.9 lists, and every v0.9 value can be delivered', () => {
    const soorten = CONTACTSOORTEN.map((c) => contactsoortIn(c, '0.9'));
    expect(soorten.every((s) => s !== null && enum09('EnumContactsoort').includes(s))).toBe(true);
    expect(new Set(soorten)).toEqual(new Set(enum09('EnumContactsoort')));
    const resultaten = EINDRESULTATEN.map((c) => eindresultaatIn(c, '0.9'));
    expect(new Set(resultaten)).toEqual(new Set(enum09('EnumEindresultaat')));
  });

  it('v1.0: the changed lists (contact kinds, end results) are a mapping, not new stored values', () => {
    const soorten = CONTACTSOORTEN.map((c) => contactsoortIn(c, '1.0')).filter((s) => s !== null);
    expect(new Set(soorten)).toEqual(new Set(V1_0_CODELIJSTEN.EnumContactsoort));
    expect(contactsoortIn('Overige', '1.0')).toBeNull(); // gone in v1.0: the optional field is left out
    const resultaten = EINDRESULTATEN.map((c) => eindresultaatIn(c, '1.0'));
    expect(new Set(resultaten)).toEqual(new Set(V1_0_CODELIJSTEN.EnumEindresultaat));
    expect(eindresultaatIn('Verwijzing zonder contact', '1.0')).toBe('Verwijzing zonder toestemming');
    // An unknown stored value is never delivered as something else.
    expect(contactsoortIn('Postduif', '0.9')).toBeNull();
    expect(eindresultaatIn('Onbekend', '1.0')).toBeNull();
  });
});
