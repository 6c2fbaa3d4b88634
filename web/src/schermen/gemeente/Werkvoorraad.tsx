import { useState } from 'react';
import {
  FormField,
  FormLabel,
  Heading,
  Paragraph,
  Select,
  SelectOption,
  StatusBadge,
} from '@utrecht/component-library-react';
import { api } from '../../api.ts';
import { AppLink } from '../../router.tsx';
import { T } from '../../teksten.ts';
import { Fout, Laden, Tabel, toonDatum, useData } from '../../ui.tsx';
import { adres, type Wachtrij } from './model.ts';
import { useGebruiker } from '../../sessie.ts';
import { PauzeknopAanmeldingen } from '../pauzeknop/Aanmeldingen.tsx';

const PAUZEKNOP_ROLLEN = ['gemeente-medewerker', 'gemeente-coordinator', 'schuldhulpverlener'];

/** The work queue: deadline first (the API sorts; threatening situations first among equal deadlines). */
export function Werkvoorraad() {
  const [filter, zetFilter] = useState<'open' | 'afgesloten' | 'alle'>('open');
  const { data, fout } = useData(
    () => api<Wachtrij>('GET', `/api/signaalzaken/zaken?filter=${filter}&limit=500`),
    filter,
  );
  const t = data?.tellingen;
  const g = useGebruiker();
  // The municipality's own Pauzeknop registrations (residents who asked for help themselves): a list of their own.
  const pauzeknop = g.organisatie.type === 'gemeente' && PAUZEKNOP_ROLLEN.includes(g.rol);
  return (
    <>
      <Heading level={1}>{T.zaken.titel}</Heading>
      <Paragraph>{T.zaken.uitleg}</Paragraph>
      <Fout fout={fout} />
      {!data && !fout && <Laden />}
      {t && (
        <div className="sr-kaarten">
          <div className="sr-kaart">
            <span className="sr-getal">{t.open}</span>
            {T.zaken.open}
          </div>
          <div className="sr-kaart">
            <span className="sr-getal">{t.teLaat}</span>
            {T.zaken.teLaat}
          </div>
          <div className="sr-kaart">
            <span className="sr-getal">{t.vandaag}</span>
            {T.zaken.vandaag}
          </div>
          <div className="sr-kaart">
            <span className="sr-getal">{t.terugval}</span>
            {T.zaken.terugval}
          </div>
        </div>
      )}
      <form className="sr-rij" onSubmit={(e) => e.preventDefault()}>
        <FormField>
          <FormLabel htmlFor="zaak-filter">{T.trajecten.status}</FormLabel>
          <Select id="zaak-filter" value={filter} onChange={(e) => zetFilter(e.target.value as typeof filter)}>
            <SelectOption value="open">{T.zaken.filterOpen}</SelectOption>
            <SelectOption value="afgesloten">{T.zaken.filterAfgesloten}</SelectOption>
            <SelectOption value="alle">{T.zaken.filterAlle}</SelectOption>
          </Select>
        </FormField>
      </form>
      {data && (
        <Tabel
          titel={T.zaken.titel}
          koppen={[T.zaken.adres, T.zaken.deadline, T.zaken.status, T.zaken.sectoren, T.zaken.bijzonder]}
          rijen={data.zaken.map((z) => [
            <AppLink href={`/zaken/${z.id}`}>{adres(z)}</AppLink>,
            <>
              {toonDatum(z.deadline)}
              {z.teLaat && (
                <>
                  {' '}
                  <StatusBadge status="danger">{T.zaken.teLaatKort}</StatusBadge>
                </>
              )}
              {z.uiterlijkVandaag && (
                <>
                  {' '}
                  <StatusBadge status="warning">{T.zaken.vandaagKort}</StatusBadge>
                </>
              )}
            </>,
            T.zaken.statussen[z.status] ?? z.status,
            z.sectoren.join(', '),
            [
              z.crisis && T.zaken.crisis,
              z.terugval && T.zaken.terugvalKort,
              z.warmeOverdracht && T.zaken.warm,
              z.stopVerzocht && T.zaken.stop,
              z.hulpGeaccepteerdOp && T.signalen.hulpGeaccepteerd,
            ]
              .filter(Boolean)
              .join(' · ') || '–',
          ])}
        />
      )}
      {pauzeknop && <PauzeknopAanmeldingen />}
    </>
  );
}
