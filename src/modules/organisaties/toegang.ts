import type { Kysely } from 'kysely';
import type { Aansluitfase, Database, OrganisatieType } from '../../db/schema.ts';

export interface OrganisatieStaat {
  type: OrganisatieType;
  status: 'actief' | 'geschorst';
  aansluitfase: Aansluitfase;
  /** Shown on a bailiff's proof of check: cached with the rest, so a check needs no query for it. */
  naam: string;
}

/**
 * Type, status and joining phase of organisations, cached for AUTH_CACHE_MS so the hot path (VISH
 * checks) does not query the database. A suspension or phase change made through this process calls
 * `vergeet`, which drops the entry (and notifies the credential caches): it takes effect on the very
 * next request. Another process sees it within AUTH_CACHE_MS.
 */
export class OrganisatieToegang {
  private cache = new Map<string, { at: number; staat: OrganisatieStaat | null }>();
  private luisteraars: Array<(organisatieId: string) => void> = [];
  private static readonly MAX = 10_000;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly ttlMs: number,
  ) {}

  async staat(id: string): Promise<OrganisatieStaat | null> {
    const hit = this.cache.get(id);
    if (hit && Date.now() - hit.at < this.ttlMs) return hit.staat;
    const row = await this.db
      .selectFrom('organisaties')
      .select(['type', 'status', 'aansluitfase', 'naam'])
      .where('id', '=', id)
      .executeTakeFirst();
    const staat = row ? { type: row.type, status: row.status, aansluitfase: row.aansluitfase, naam: row.naam } : null;
    if (this.cache.size >= OrganisatieToegang.MAX) this.cache.clear();
    this.cache.set(id, { at: Date.now(), staat });
    return staat;
  }

  /** Called after any change of an organisation's status, phase or credentials. */
  vergeet(organisatieId: string): void {
    this.cache.delete(organisatieId);
    for (const l of this.luisteraars) l(organisatieId);
  }

  bijWijziging(l: (organisatieId: string) => void): void {
    this.luisteraars.push(l);
  }
}
