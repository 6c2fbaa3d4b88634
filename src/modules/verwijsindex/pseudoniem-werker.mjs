// Worker thread of the pseudonym pool (pseudoniem-pool.ts): HMAC-SHA-256 of a block of BSNs under one key.
// Plain JavaScript so it loads the same under tsx, vitest and plain node. The keys come in workerData (same process).
import { createHmac } from 'node:crypto';
import { workerData } from 'node:worker_threads';
import { move } from 'piscina';

const sleutels = new Map(workerData.sleutels.map((s) => [s.id, Buffer.from(s.geheim)]));

/** `{ sleutelId, bsns }` → an ArrayBuffer of 32 bytes per BSN, in order (transferred, not copied). */
export default function pseudoniemen({ sleutelId, bsns }) {
  const sleutel = sleutels.get(sleutelId);
  if (!sleutel) throw new Error(`Unknown pseudonymisation key ${sleutelId}`);
  const uit = Buffer.allocUnsafeSlow(bsns.length * 32);
  for (let i = 0; i < bsns.length; i++)
    createHmac('sha256', sleutel)
      .update(bsns[i])
      .digest()
      .copy(uit, i * 32);
  return move(uit.buffer);
}
