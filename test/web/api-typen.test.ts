import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { API_TYPEN, apiTypen, openapiDocument } from '../../scripts/api-typen.ts';

/** The web app's API types are generated from the API's own OpenAPI document and committed: they must be current. */
describe('web/src/api-typen.ts', () => {
  it('is what npm run api-typen generates from /api/openapi.json now', async () => {
    const vers = await apiTypen(await openapiDocument());
    expect(readFileSync(API_TYPEN, 'utf8') === vers, 'out of date: run npm run api-typen and commit the file').toBe(
      true,
    );
  }, 180_000);
});
