import { useEffect, useState, type MouseEvent, type ReactNode } from 'react';
import { Link } from '@utrecht/component-library-react';

/** A tiny history-API router: the server answers every non-API path with index.html. */
const luisteraars = new Set<() => void>();
export function navigeer(pad: string) {
  if (pad !== location.pathname) history.pushState(null, '', pad);
  for (const f of luisteraars) f();
}
window.addEventListener('popstate', () => {
  for (const f of luisteraars) f();
});

export function usePad(): string {
  const [pad, zetPad] = useState(location.pathname);
  useEffect(() => {
    const f = () => zetPad(location.pathname);
    luisteraars.add(f);
    return () => {
      luisteraars.delete(f);
    };
  }, []);
  return pad;
}

export function AppLink({
  href,
  children,
  huidig,
  onKlik,
}: {
  href: string;
  children: ReactNode;
  huidig?: boolean;
  /** Also called on a click (before navigating), e.g. to mark a notification read. */
  onKlik?: () => void;
}) {
  const klik = (e: MouseEvent) => {
    onKlik?.();
    if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    navigeer(href);
  };
  return (
    <Link href={href} onClick={klik} aria-current={huidig ? 'page' : undefined}>
      {children}
    </Link>
  );
}
