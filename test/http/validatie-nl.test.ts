import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, testOmgeving, type TestOmgeving } from '../helpers/omgeving.ts';
import { nlMelding } from '../../src/http/validatie.ts';

type Fout = { veld: string; melding: string };
const ENGELS = /invalid|expected|received|too (small|big)|unrecognized/i;

// Every route's request validation answers in plain Dutch and names the field (one compiler for all routes).
for (const kind of await databases()) {
  describe(`validation messages in Dutch on ${kind}`, () => {
    let t: TestOmgeving;
    const h: Record<string, Record<string, string>> = {};
    beforeAll(async () => {
      t = await testOmgeving(kind);
      h.partner = (await t.organisatie('Partner', 'signaalpartner')).headers;
      h.shv = (await t.organisatie('Kredietbank', 'schuldhulpverlener')).headers;
    });
    afterAll(async () => t?.sluit());

    it('a JSON body: missing, wrong type, wrong format, unknown field, each named', async () => {
      const r = await t.app.inject({
        method: 'POST',
        url: '/api/partners/aanmelding',
        headers: h.partner,
        payload: {
          type: 5,
          sectoren: [],
          contactpersoon: { naam: 'C. Ontact', email: 'geen-mailadres', delen: true },
          onbekend: 1,
        },
      });
      expect(r.statusCode).toBe(400);
      const b = r.json() as { code: string; title: string; fouten: Fout[] };
      expect(b.code).toBe('ongeldige_invoer');
      expect(r.body).not.toMatch(ENGELS);
      const per = new Map(b.fouten.map((f) => [f.veld, f.melding]));
      expect(per.get('type')).toMatch(/^Het veld "type" moet een van deze waarden hebben: "Energie"/);
      expect(per.get('sectoren')).toBe('Het veld "sectoren" moet minstens 1 item bevatten.');
      expect(per.get('contactpersoon.email')).toMatch(/^Het veld "contactpersoon\.email"/);
      expect(per.get('tekenbevoegde')).toBe('Het veld "tekenbevoegde" ontbreekt.');
      expect(per.get('')).toBe('Het veld "onbekend" is onbekend.');
      // The title carries the first problems, so a client showing only the title tells the user what to fix.
      expect(b.title).toMatch(/^De invoer is niet geldig\. Het veld "/);
      // The refused input itself is never echoed.
      expect(r.body).not.toContain('geen-mailadres');
    });

    it('query string and path parameters', async () => {
      const q = await t.app.inject({ method: 'GET', url: '/api/vroegsignalen/signalen?limit=0', headers: h.partner });
      expect(q.statusCode).toBe(400);
      expect(q.json().fouten).toEqual([{ veld: 'limit', melding: 'Het veld "limit" moet 1 of meer zijn.' }]);
      const n = await t.app.inject({
        method: 'GET',
        url: '/api/vroegsignalen/signalen?limit=veel',
        headers: h.partner,
      });
      expect(n.json().fouten).toEqual([
        { veld: 'limit', melding: 'Het veld "limit" moet een getal zijn, niet geen getal.' },
      ]);
      const p = await t.app.inject({ method: 'GET', url: '/api/vroegsignalen/signalen/123', headers: h.partner });
      expect(p.statusCode).toBe(400);
      expect(p.json().fouten).toEqual([{ veld: 'id', melding: 'Het veld "id" moet een geldige id (UUID) zijn.' }]);
      expect(q.body + n.body + p.body).not.toMatch(ENGELS);
    });

    it('a message the schema gives itself is kept, with the field named', async () => {
      const r = await t.app.inject({
        method: 'POST',
        url: '/api/partners/aanmelding',
        headers: h.partner,
        payload: {
          type: 'Energie',
          sectoren: ['energie'],
          contactpersoon: { naam: 'C. Ontact', email: 'c@partner.example', delen: true },
          tekenbevoegde: { naam: 'T', functie: 'D', email: 't@partner.example' },
          gemeenten: ['Utrecht'],
        },
      });
      expect(r.statusCode).toBe(400);
      const f = (r.json().fouten as Fout[])[0]!;
      expect(f.veld).toBe('gemeenten[0]');
      expect(f.melding).toMatch(/^Het veld "gemeenten\[0\]"/);
      expect(r.body).not.toMatch(ENGELS);
    });
  });
}

describe('nlMelding', () => {
  it('plain Dutch for the common problems', () => {
    expect(
      nlMelding({ code: 'invalid_type', expected: 'string', input: undefined, path: ['achternaam'] } as never),
    ).toBe('Het veld "achternaam" ontbreekt.');
    expect(nlMelding({ code: 'invalid_type', expected: 'string', input: 3, path: ['achternaam'] } as never)).toBe(
      'Het veld "achternaam" moet tekst zijn, niet een getal.',
    );
    expect(
      nlMelding({
        code: 'too_big',
        origin: 'string',
        maximum: 10,
        inclusive: true,
        input: 'x',
        path: ['a', 0],
      } as never),
    ).toBe('Het veld "a[0]" mag hoogstens 10 tekens hebben.');
    expect(nlMelding({ code: 'invalid_type', expected: 'object', input: undefined, path: [] } as never)).toBe(
      'De invoer ontbreekt.',
    );
  });
});
