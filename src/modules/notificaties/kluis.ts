import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CompactEncrypt, compactDecrypt } from 'jose';

/**
 * Webhook signing secrets must be readable to sign with, so they are encrypted at rest (JWE, dir + A256GCM, with jose),
 * bound to their subscription: a ciphertext copied to another row does not decrypt there.
 */
export class WebhookKluis {
  constructor(private readonly sleutel: Uint8Array) {
    if (sleutel.length !== 32) throw new Error('WEBHOOK_SLEUTEL must be 32 bytes (base64)');
  }

  versleutel(geheim: string, abonnementId: string): Promise<string> {
    return new CompactEncrypt(new TextEncoder().encode(geheim))
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM', kid: abonnementId })
      .encrypt(this.sleutel);
  }

  async ontsleutel(jwe: string, abonnementId: string): Promise<string> {
    const r = await compactDecrypt(jwe, this.sleutel);
    if (r.protectedHeader.kid !== abonnementId) throw new Error('webhook secret of another subscription');
    return new TextDecoder().decode(r.plaintext);
  }
}

/** WEBHOOK_SLEUTEL, or (development only) a generated key file in the data folder. */
export function laadWebhookKluis(spec: string | undefined, dataDir: string, productie: boolean): WebhookKluis {
  if (spec) return new WebhookKluis(Buffer.from(spec, 'base64'));
  if (productie) throw new Error('WEBHOOK_SLEUTEL is required in production');
  const dir = join(dataDir, 'geheimen');
  const bestand = join(dir, 'webhook-sleutel');
  if (!existsSync(bestand)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(bestand, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
  }
  return new WebhookKluis(Buffer.from(readFileSync(bestand, 'utf8').trim(), 'base64'));
}
