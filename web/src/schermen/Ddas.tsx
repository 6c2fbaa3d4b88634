import { useState } from 'react';
import { FormFieldTextbox, Heading, Link, Paragraph } from '@utrecht/component-library-react';
import { useGebruiker } from '../sessie.ts';
import { T } from '../teksten.ts';
import { vandaag } from '../datum.ts';

/** DDAS export files for a period: a plain download link (the session cookie authorises the GET). */
export function Ddas() {
  const g = useGebruiker();
  const jaar = vandaag().slice(0, 4);
  const [van, zetVan] = useState(`${jaar}-01-01`);
  const [tot, zetTot] = useState(vandaag());
  const periode = `startdatum=${encodeURIComponent(van)}&einddatum=${encodeURIComponent(tot)}`;
  const vs = g.organisatie.type === 'gemeente' && g.rol === 'gemeente-coordinator';
  const shv = g.rol !== 'gemeente-medewerker';
  return (
    <>
      <Heading level={1}>{T.ddas.titel}</Heading>
      <Paragraph>{T.ddas.uitleg}</Paragraph>
      <form className="sr-formulier" onSubmit={(e) => e.preventDefault()}>
        <FormFieldTextbox
          label={T.ddas.van}
          name="van"
          type="date"
          value={van}
          onChange={(e) => zetVan((e.target as HTMLInputElement).value)}
        />
        <FormFieldTextbox
          label={T.ddas.tot}
          name="tot"
          type="date"
          value={tot}
          onChange={(e) => zetTot((e.target as HTMLInputElement).value)}
        />
      </form>
      <ul className="sr-downloads">
        {shv && (
          <li>
            <Link href={`/api/ddas/schuldhulpverlening?${periode}`} download>
              {T.ddas.shv}
            </Link>
          </li>
        )}
        {vs && (
          <li>
            <Link href={`/api/ddas/vroegsignalering?${periode}`} download>
              {T.ddas.vs}
            </Link>
          </li>
        )}
      </ul>
    </>
  );
}
