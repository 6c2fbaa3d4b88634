import { useId } from 'react';

const KLEUREN = ['#154273', '#39870c', '#a90061', '#e17000'];
const LABEL = 150;
const BREEDTE = 560;
const STAAF = 12;

interface Rij {
  label: string;
  waarden: number[];
  /** Read by assistive technology and shown as tooltip: the figures of this row in words. */
  titel: string;
}

/**
 * A plain horizontal bar chart in SVG (no chart library): one group of bars per row, one colour per series. The SVG
 * is an image with a title; each group has its own <title>; the same figures are in a table next to it.
 */
export function StaafGrafiek({
  titel,
  uitleg,
  reeksen,
  rijen,
}: {
  titel: string;
  uitleg: string;
  reeksen: string[];
  rijen: Rij[];
}) {
  const id = useId();
  const max = Math.max(1, ...rijen.flatMap((r) => r.waarden));
  const hoogteRij = reeksen.length * STAAF + 12;
  const ruimte = BREEDTE - LABEL - 50;
  return (
    <figure className="sr-grafiek">
      <figcaption id={`${id}-kop`}>{titel}</figcaption>
      <ul className="sr-legenda">
        {reeksen.map((s, i) => (
          <li key={s}>
            <span style={{ background: KLEUREN[i % KLEUREN.length] }} />
            {s}
          </li>
        ))}
      </ul>
      <svg
        role="img"
        aria-labelledby={`${id}-titel ${id}-uitleg`}
        viewBox={`0 0 ${BREEDTE} ${rijen.length * hoogteRij + 4}`}
        width="100%"
        style={{ maxInlineSize: `${BREEDTE}px` }}
      >
        <title id={`${id}-titel`}>{titel}</title>
        <desc id={`${id}-uitleg`}>{uitleg}</desc>
        {rijen.map((r, i) => (
          <g key={r.label} transform={`translate(0 ${i * hoogteRij + 2})`}>
            <title>{r.titel}</title>
            <text x={0} y={hoogteRij / 2} dominantBaseline="middle" fontSize="13" fill="currentColor">
              {r.label}
            </text>
            {r.waarden.map((w, j) => (
              <g key={reeksen[j]}>
                <rect
                  x={LABEL}
                  y={j * STAAF + 4}
                  width={Math.max(w > 0 ? 1 : 0, (w / max) * ruimte)}
                  height={STAAF - 2}
                  fill={KLEUREN[j % KLEUREN.length]}
                />
                <text
                  x={LABEL + (w / max) * ruimte + 4}
                  y={j * STAAF + 4 + (STAAF - 2) / 2}
                  dominantBaseline="middle"
                  fontSize="11"
                  fill="currentColor"
                >
                  {w.toLocaleString('nl-NL')}
                </text>
              </g>
            ))}
          </g>
        ))}
      </svg>
      <p>{uitleg}</p>
    </figure>
  );
}
