import { useState } from 'react';
import {
  Button,
  FormField,
  FormFieldTextbox,
  FormLabel,
  Heading,
  Select,
  SelectOption,
} from '@utrecht/component-library-react';
import { api, foutTekst } from '../../api.ts';
import { T } from '../../teksten.ts';
import { Fout, Laden, Melding, Tabel, toonDatumTijd, useData } from '../../ui.tsx';

interface Organisatie {
  id: string;
  naam: string;
  type: string;
  status: string;
  gemeentecode: string | null;
}
interface Gemist {
  id: string;
  naam: string;
  geactiveerd_op: string | null;
}

/** Operator: organisations (create, suspend, activate, new API key) and missed VISH deliveries. */
export function Organisaties() {
  const [versie, zetVersie] = useState(0);
  const { data, fout } = useData(
    () =>
      Promise.all([
        api<Organisatie[]>('GET', '/api/beheer/organisaties'),
        api<Gemist[]>('GET', '/api/beheer/vish/gemiste-leveringen'),
      ]),
    versie,
  );
  const [nieuw, zetNieuw] = useState({ naam: '', type: 'gemeente', gemeentecode: '' });
  const [melding, zetMelding] = useState<{ soort: 'ok' | 'error'; tekst: string; sleutel?: string }>();
  const doe = async (f: () => Promise<unknown>, tekst?: string) => {
    try {
      const r = await f();
      if (tekst) zetMelding({ soort: 'ok', tekst });
      zetVersie((v) => v + 1);
      return r;
    } catch (e) {
      zetMelding({ soort: 'error', tekst: foutTekst(e) });
      return undefined;
    }
  };
  const maak = () =>
    doe(
      () =>
        api('POST', '/api/beheer/organisaties', {
          naam: nieuw.naam,
          type: nieuw.type,
          ...(nieuw.gemeentecode ? { gemeentecode: nieuw.gemeentecode } : {}),
        }),
      T.beheer.toegevoegd,
    );
  const sleutel = async (o: Organisatie) => {
    const r = await doe(() =>
      api<{ sleutel: string }>('POST', `/api/beheer/organisaties/${o.id}/api-sleutels`, {
        omschrijving: T.beheer.sleutelOmschrijving,
      }),
    );
    if (r) zetMelding({ soort: 'ok', tekst: T.beheer.sleutelGemaakt, sleutel: (r as { sleutel: string }).sleutel });
  };

  return (
    <>
      <Heading level={1}>{T.beheer.organisaties}</Heading>
      <div aria-live="polite">
        {melding && (
          <Melding soort={melding.soort}>
            {melding.tekst}
            {melding.sleutel && <span className="sr-code"> {melding.sleutel}</span>}
          </Melding>
        )}
      </div>
      <Fout fout={fout} />
      {!data && !fout && <Laden />}
      {data && data[1].length > 0 && (
        <Tabel
          titel={T.beheer.gemist}
          koppen={[T.beheer.naam, T.beheer.laatsteLevering]}
          rijen={data[1].map((g) => [g.naam, g.geactiveerd_op ? toonDatumTijd(g.geactiveerd_op) : T.beheer.nooit])}
        />
      )}
      {data && (
        <Tabel
          titel={T.beheer.organisaties}
          koppen={[T.beheer.naam, T.beheer.type, T.beheer.gemeentecode, T.beheer.status, T.algemeen.acties]}
          rijen={data[0].map((o) => [
            o.naam,
            T.typen[o.type] ?? o.type,
            o.gemeentecode ?? '–',
            o.status,
            <div className="sr-knoppen">
              {o.status === 'actief' ? (
                <Button
                  appearance="subtle-button"
                  hint="danger"
                  onClick={() => {
                    if (window.confirm(T.beheer.schorsenVraag(o.naam)))
                      void doe(
                        () => api('POST', `/api/beheer/organisaties/${o.id}/schorsen`),
                        T.beheer.geschorst(o.naam),
                      );
                  }}
                  aria-label={`${T.beheer.schorsen}: ${o.naam}`}
                >
                  {T.beheer.schorsen}
                </Button>
              ) : (
                <Button
                  appearance="subtle-button"
                  onClick={() =>
                    void doe(
                      () => api('POST', `/api/beheer/organisaties/${o.id}/activeren`),
                      T.beheer.geactiveerd(o.naam),
                    )
                  }
                  aria-label={`${T.beheer.activeren}: ${o.naam}`}
                >
                  {T.beheer.activeren}
                </Button>
              )}
              <Button
                appearance="subtle-button"
                onClick={() => void sleutel(o)}
                aria-label={`${T.beheer.sleutelMaken}: ${o.naam}`}
              >
                {T.beheer.sleutelMaken}
              </Button>
            </div>,
          ])}
        />
      )}
      <Heading level={2}>{T.beheer.nieuw}</Heading>
      <form
        className="sr-formulier"
        onSubmit={(e) => {
          e.preventDefault();
          void maak();
        }}
      >
        <FormFieldTextbox
          label={T.beheer.naam}
          name="naam"
          required
          value={nieuw.naam}
          onChange={(e) => zetNieuw({ ...nieuw, naam: (e.target as HTMLInputElement).value })}
        />
        <FormField>
          <FormLabel htmlFor="org-type">{T.beheer.type}</FormLabel>
          <Select id="org-type" value={nieuw.type} onChange={(e) => zetNieuw({ ...nieuw, type: e.target.value })}>
            {Object.entries(T.typen).map(([k, v]) => (
              <SelectOption key={k} value={k}>
                {v}
              </SelectOption>
            ))}
          </Select>
        </FormField>
        <FormFieldTextbox
          label={T.beheer.gemeentecode}
          name="gemeentecode"
          description={T.beheer.gemeentecodeUitleg}
          value={nieuw.gemeentecode}
          onChange={(e) => zetNieuw({ ...nieuw, gemeentecode: (e.target as HTMLInputElement).value })}
        />
        <Button type="submit" appearance="primary-action-button" disabled={nieuw.naam.trim().length < 2}>
          {T.beheer.nieuw}
        </Button>
      </form>
    </>
  );
}
