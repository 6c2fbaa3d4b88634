import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { Db } from './connection.ts';

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

/** Applies the numbered SQL files in migrations/ that have not run yet, each in its own transaction. */
export async function migrate(db: Db): Promise<string[]> {
  const k = db.kysely;
  await sql`CREATE TABLE IF NOT EXISTS schema_migraties (naam text PRIMARY KEY, toegepast_op timestamptz NOT NULL DEFAULT now())`.execute(
    k,
  );
  const files = readdirSync(MIGRATIONS_DIR)
    .filter((f) => /^\d{4}_.+\.sql$/.test(f))
    .sort();
  const applied: string[] = [];
  for (const file of files) {
    const done = await k.transaction().execute(async (tx) => {
      // Serialise concurrent starters on PostgreSQL; PGlite is single-session anyway.
      if (db.kind === 'postgres') await sql`SELECT pg_advisory_xact_lock(7212026)`.execute(tx);
      const seen = await sql<{ naam: string }>`SELECT naam FROM schema_migraties WHERE naam = ${file}`.execute(tx);
      if (seen.rows.length > 0) return false;
      await db.runScript(tx, readFileSync(join(MIGRATIONS_DIR, file), 'utf8'));
      await sql`INSERT INTO schema_migraties (naam) VALUES (${file})`.execute(tx);
      return true;
    });
    if (done) applied.push(file);
  }
  return applied;
}
