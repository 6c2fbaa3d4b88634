import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, OrganisatieType } from '../../db/schema.ts';

/**
 * API keys for systems whose TLS terminates before the platform. Format `srk_<id>_<secret>`;
 * the secret is 256 random bits, so a plain SHA-256 is the right stored form (no password hashing needed).
 */
export async function maakApiSleutel(
  db: Kysely<Database>,
  organisatieId: string,
  omschrijving: string,
  { test = false }: { test?: boolean } = {},
) {
  const id = randomBytes(6).toString('hex');
  const geheim = randomBytes(32).toString('base64url');
  await db
    .insertInto('api_sleutels')
    .values({ id, organisatie_id: organisatieId, omschrijving, hash: sha256(geheim), test })
    .execute();
  return { id, sleutel: `srk_${id}_${geheim}` };
}

export async function lijstApiSleutels(db: Kysely<Database>, organisatieId?: string) {
  let q = db
    .selectFrom('api_sleutels')
    .select(['id', 'organisatie_id', 'omschrijving', 'test', 'aangemaakt_op', 'ingetrokken_op']);
  if (organisatieId) q = q.where('organisatie_id', '=', organisatieId);
  return q.orderBy('aangemaakt_op').execute();
}

export async function trekApiSleutelIn(db: Kysely<Database>, id: string): Promise<boolean> {
  const r = await db
    .updateTable('api_sleutels')
    .set({ ingetrokken_op: new Date() })
    .where('id', '=', id)
    .where('ingetrokken_op', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export interface MachineIdentiteit {
  organisatieId: string;
  organisatieType: OrganisatieType;
  organisatieStatus: 'actief' | 'geschorst';
  credentialId: string;
  /** A test key: VISH test data only (verwijsindex/omgeving.ts). */
  test: boolean;
}

/**
 * Checks presented API keys. Results are cached briefly so the hot path (VISH checks) does not hit
 * the database; a revocation or suspension takes effect within `ttlMs`.
 */
export class ApiSleutelControle {
  private cache = new Map<string, { at: number; hash: Buffer | null; identiteit: MachineIdentiteit | null }>();
  constructor(
    private readonly db: Kysely<Database>,
    private readonly ttlMs = 5000,
  ) {}

  /** Drops cached keys: one (after revocation) or all of an organisation (after suspension). */
  vergeet(id: string): void {
    this.cache.delete(id);
  }
  vergeetOrganisatie(organisatieId: string): void {
    for (const [k, v] of this.cache) if (v.identiteit?.organisatieId === organisatieId) this.cache.delete(k);
  }

  async controleer(presented: string): Promise<MachineIdentiteit | null> {
    const m = /^srk_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/.exec(presented);
    if (!m) return null;
    const [, id, geheim] = m as unknown as [string, string, string];
    let hit = this.cache.get(id);
    if (!hit || Date.now() - hit.at > this.ttlMs) {
      const row = await this.db
        .selectFrom('api_sleutels as k')
        .innerJoin('organisaties as o', 'o.id', 'k.organisatie_id')
        .select(['k.hash', 'k.ingetrokken_op', 'k.test', 'o.id as organisatieId', 'o.type', 'o.status'])
        .where('k.id', '=', id)
        .executeTakeFirst();
      hit = {
        at: Date.now(),
        hash: row && !row.ingetrokken_op ? Buffer.from(row.hash) : null,
        identiteit:
          row && !row.ingetrokken_op
            ? {
                organisatieId: row.organisatieId,
                organisatieType: row.type,
                organisatieStatus: row.status,
                credentialId: id,
                test: row.test,
              }
            : null,
      };
      this.cache.set(id, hit);
    }
    if (!hit.hash || !hit.identiteit) return null;
    return timingSafeEqual(hit.hash, sha256(geheim)) ? hit.identiteit : null;
  }
}

function sha256(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}
