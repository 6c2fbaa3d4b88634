import { Heading, Paragraph } from '@utrecht/component-library-react';
import { T } from '../../teksten.ts';
import { toonDatum, toonDatumTijd } from '../../ui.tsx';
import type { Zaak } from './model.ts';

type Gebeurtenis = Zaak['historie'][number];

const status = (s: string | null) => (s ? (T.zaken.statussen[s] ?? s) : '–');

/** What happened, in words: the event's label and its details (never a raw code like "contact → contact"). */
export function beschrijf(h: Gebeurtenis): { wat: string; toelichting?: string } {
  const d = (h.details ?? {}) as Record<string, unknown>;
  const wat = T.tijdlijn.gebeurtenissen[h.gebeurtenis] ?? h.gebeurtenis.replace(/-/g, ' ');
  switch (h.gebeurtenis) {
    case 'contactpoging':
      return {
        wat,
        toelichting: T.tijdlijn.contact(
          String(d.soort ?? ''),
          d.bereikt === true,
          typeof d.datum === 'string' ? toonDatum(d.datum) : '',
        ),
      };
    case 'notitie':
      return { wat, toelichting: String(d.tekst ?? '') };
    case 'toegewezen':
      return { wat, toelichting: T.tijdlijn.aan(String(d.behandelaarNaam ?? T.tijdlijn.onbekend)) };
    case 'opgepakt':
      return d.behandelaarNaam ? { wat, toelichting: T.tijdlijn.behandelaar(String(d.behandelaarNaam)) } : { wat };
    case 'afgesloten':
    case 'bezwaar':
      return typeof d.resultaat === 'string' ? { wat, toelichting: T.tijdlijn.resultaat(d.resultaat) } : { wat };
    case 'hulp-geaccepteerd':
      return typeof d.datum === 'string' ? { wat, toelichting: T.tijdlijn.op(toonDatum(d.datum)) } : { wat };
    case 'crisis':
      return typeof d.deadline === 'string'
        ? { wat, toelichting: T.tijdlijn.nieuweTermijn(toonDatum(d.deadline)) }
        : { wat };
    case 'warme-overdracht':
      return {
        wat,
        toelichting:
          d.warmeOverdracht === true
            ? T.algemeen.ja
            : d.warmeOverdracht === false
              ? T.algemeen.nee
              : T.zaken.warmOnbekend,
      };
    case 'signalen-gekoppeld':
      return { wat, toelichting: T.tijdlijn.signalen(Number(d.aantal ?? 1)) };
    default:
      return h.van && h.naar && h.van !== h.naar
        ? { wat, toelichting: T.tijdlijn.statusNaar(status(h.van), status(h.naar)) }
        : { wat };
  }
}

/** The case as a timeline, newest first: when, who, what. */
export function Tijdlijn({ zaak: z }: { zaak: Zaak }) {
  const items = [...z.historie].reverse();
  return (
    <section aria-labelledby="tijdlijn-titel">
      <Heading level={2} id="tijdlijn-titel">
        {T.tijdlijn.titel}
      </Heading>
      {items.length === 0 ? (
        <Paragraph>{T.algemeen.geen}</Paragraph>
      ) : (
        <ol className="sr-tijdlijn" aria-labelledby="tijdlijn-titel">
          {items.map((h, i) => {
            const b = beschrijf(h);
            const wie = h.actorNaam ?? (h.actorSoort === 'systeem' ? T.tijdlijn.systeem : T.tijdlijn.koppeling);
            return (
              <li key={i} className={`sr-tijdlijn-item sr-tijdlijn-${h.gebeurtenis}`}>
                <p className="sr-tijdlijn-kop">
                  <strong>{b.wat}</strong>
                  <span className="sr-uitleg">
                    {' '}
                    · {toonDatumTijd(h.tijdstip)} · {wie}
                  </span>
                </p>
                {b.toelichting && <p className="sr-tijdlijn-tekst">{b.toelichting}</p>}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
