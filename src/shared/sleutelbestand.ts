import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Demo and development only (production takes every key from the environment): a secret kept in a file in the data
 * folder, made on first use with mode 0600 in a 0700 folder. When two processes start at once the first file wins and
 * both read it. Returns the file's content, trimmed.
 */
export function sleutelUitDatamap(pad: string, maak: () => string = nieuweSleutel): string {
  if (!existsSync(pad)) {
    mkdirSync(dirname(pad), { recursive: true, mode: 0o700 });
    try {
      writeFileSync(pad, `${maak()}\n`, { mode: 0o600, flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  return readFileSync(pad, 'utf8').trim();
}

/** 32 random bytes, base64. */
export const nieuweSleutel = () => randomBytes(32).toString('base64');
