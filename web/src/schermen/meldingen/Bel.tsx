import { useEffect, useState } from 'react';
import { api } from '../../api.ts';
import { AppLink, usePad } from '../../router.tsx';
import { T } from '../../teksten.ts';

/** Other screens call this after marking notifications read, so the count in the header follows at once. */
const luisteraars = new Set<() => void>();
export const verversBel = () => {
  for (const f of luisteraars) f();
};

/** The bell in the header: a link to the notification list with the number of unread ones (checked every 30 s). */
export function Bel() {
  const [aantal, zetAantal] = useState(0);
  const pad = usePad();
  // biome-ignore lint/correctness/useExhaustiveDependencies: also after every navigation (`pad`)
  useEffect(() => {
    let actief = true;
    const laad = () =>
      api<{ ongelezen: number }>('GET', '/api/notificaties/aantal').then(
        (r) => actief && zetAantal(r.ongelezen),
        () => undefined,
      );
    void laad();
    luisteraars.add(laad);
    const timer = setInterval(laad, 30_000);
    return () => {
      actief = false;
      luisteraars.delete(laad);
      clearInterval(timer);
    };
  }, [pad]);
  return (
    <span className="sr-bel">
      <AppLink href="/meldingen">
        {T.menu.meldingen}
        {aantal > 0 && (
          <>
            {' '}
            <span className="sr-teller">{aantal}</span>
            <span className="sr-onzichtbaar"> {T.meldingen.ongelezenKlein}</span>
          </>
        )}
      </AppLink>
    </span>
  );
}
