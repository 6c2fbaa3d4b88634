import { join } from 'node:path';
import { sleutelUitDatamap } from '../../shared/sleutelbestand.ts';
import type { Config } from '../../config.ts';
import { Kluis } from '../accounts/index.ts';

const kluizen = new WeakMap<Config, Kluis>();

/**
 * The AES-256-GCM key for trajectory BSNs (only needed for the DDAS export and the VISH feed). Its own
 * key (TRAJECT_BSN_SLEUTEL), so it can be rotated and guarded apart from the TOTP key.
 */
export function bsnKluis(config: Config): Kluis {
  let k = kluizen.get(config);
  if (!k) {
    k = new Kluis(sleutel(config));
    kluizen.set(config, k);
  }
  return k;
}

function sleutel(config: Config): Buffer {
  if (config.TRAJECT_BSN_SLEUTEL) return Buffer.from(config.TRAJECT_BSN_SLEUTEL, 'base64');
  if (config.NODE_ENV === 'production') throw new Error('TRAJECT_BSN_SLEUTEL is required in production');
  return Buffer.from(sleutelUitDatamap(join(config.DATA_DIR, 'geheimen', 'traject-bsn-sleutel')), 'base64');
}

/** Associated data binds a ciphertext to its organisation: copied to another organisation's row it does not open. */
export const bsnContext = (organisatieId: string) => `traject-bsn:${organisatieId}`;
