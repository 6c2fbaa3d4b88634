/**
 * The benchmark's targets, in one table (issue 19). Each figure is a ratio to a baseline measured in the same run on
 * the same machine, so a noisy or slow machine moves both. A figure worse than twice its target fails the run (exit
 * code 1), as does a peak RSS over its limit; a figure between its target and twice it is reported, not failed.
 */
export type Figuur = 'levering' | 'controle' | 'controle-p99' | 'batch' | 'intake';

interface Doel {
  naam: string;
  /** What the ratio is: figure ÷ baseline (or the unit for a non-ratio). */
  maat: string;
  /** 'hoogstens': lower is better (times a baseline); 'minstens': higher is better (share of a baseline). */
  soort: 'hoogstens' | 'minstens';
  doel: number;
  /** Reported against its target but never fails the run (latency on a shared machine is not a ratio). */
  alleenMelden?: boolean;
  /** Peak RSS of the process doing the work, during this figure. Judged on PostgreSQL only: PGlite runs inside it. */
  rssMaxBytes?: number;
}

const MB = 2 ** 20;

export const DOELEN: Record<Figuur, Doel> = {
  levering: {
    naam: 'full-replace delivery',
    maat: '× raw COPY of the same CSV',
    soort: 'hoogstens',
    doel: 8,
    rssMaxBytes: 500 * MB,
  },
  controle: { naam: 'single check', maat: '× health route req/s', soort: 'minstens', doel: 0.6 },
  'controle-p99': { naam: 'single check p99', maat: 'ms', soort: 'hoogstens', doel: 5, alleenMelden: true },
  batch: {
    naam: 'batch check',
    maat: '× csv-parse of the same file',
    soort: 'hoogstens',
    doel: 4,
    rssMaxBytes: 500 * MB,
  },
  intake: { naam: 'early-signal intake', maat: '× csv-parse of the same file', soort: 'hoogstens', doel: 5 },
};

export interface Meting {
  figuur: Figuur;
  waarde: number;
  rssBytes?: number;
}

export type Oordeel = 'gehaald' | 'binnen 2×' | 'gefaald';

export function oordeel(m: Meting): Oordeel {
  const d = DOELEN[m.figuur];
  const v = m.waarde;
  if (!Number.isFinite(v)) return 'gefaald';
  const gehaald = d.soort === 'hoogstens' ? v <= d.doel : v >= d.doel;
  if (gehaald) return 'gehaald';
  const binnen2 = d.soort === 'hoogstens' ? v <= d.doel * 2 : v >= d.doel / 2;
  return binnen2 ? 'binnen 2×' : 'gefaald';
}

/** Prints the verdict table; sets a non-zero exit code when a figure failed. */
export function beoordeel(metingen: Meting[], db: string, regel: (s: string) => void): void {
  regel('');
  regel(`Verdict (${db}; targets in bench/doelen.ts; a ratio worse than twice its target fails the run):`);
  regel('| figure | measured | target | verdict | peak RSS | RSS limit |');
  regel('|---|---|---|---|---|---|');
  let fout = false;
  for (const m of metingen) {
    const d = DOELEN[m.figuur];
    const o = oordeel(m);
    const rssTeHoog =
      db === 'postgresql' && d.rssMaxBytes !== undefined && m.rssBytes !== undefined && m.rssBytes > d.rssMaxBytes;
    if ((o === 'gefaald' && !d.alleenMelden) || rssTeHoog) fout = true;
    const teken =
      o === 'gehaald'
        ? '✔'
        : o === 'binnen 2×'
          ? '~ (within 2×)'
          : d.alleenMelden
            ? '✘ (not failed)'
            : '✘ (worse than 2×)';
    const rss = m.rssBytes === undefined || !Number.isFinite(m.rssBytes) ? '' : `${Math.round(m.rssBytes / MB)} MB`;
    const grens = d.rssMaxBytes && db === 'postgresql' ? `${d.rssMaxBytes / MB} MB${rssTeHoog ? ' ✘' : ' ✔'}` : '';
    const doel = `${d.soort === 'hoogstens' ? '≤' : '≥'} ${d.doel} ${d.maat}${d.alleenMelden ? ' (reported only)' : ''}`;
    regel(`| ${d.naam} | ${m.waarde.toFixed(2)} ${d.maat} | ${doel} | ${teken} | ${rss} | ${grens} |`);
  }
  if (fout) {
    regel('FAILED: a figure is worse than twice its target, or over its memory limit.');
    process.exitCode = 1;
  }
}
