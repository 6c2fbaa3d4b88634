import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { controleer } from '../../scripts/afhankelijkheden.ts';

/** The module rules (npm run deps, in CI through npm run lint): the tree passes, and each rule does refuse. */
describe('Module rules (dependency-cruiser)', () => {
  const mappen: string[] = [];
  afterAll(() => {
    for (const m of mappen) rmSync(m, { recursive: true, force: true });
  });
  /** A small tree with src/modules/... files, checked with the repository's own rules. */
  const boom = (bestanden: Record<string, string>) => {
    const root = mkdtempSync(join(tmpdir(), 'sr-modules-'));
    mappen.push(root);
    for (const [pad, inhoud] of Object.entries(bestanden)) {
      mkdirSync(dirname(join(root, pad)), { recursive: true });
      writeFileSync(join(root, pad), inhoud);
    }
    return root;
  };

  it('src/ keeps every rule: modules only through their faces, no loops between files or modules', async () => {
    expect(await controleer()).toEqual([]);
  }, 120_000);

  it("refuses a module importing another module's store", async () => {
    const root = boom({
      'src/modules/a/store.ts': 'export const rijen = () => [];\n',
      'src/modules/a/index.ts': "export { rijen } from './store.ts';\n",
      'src/modules/b/service.ts': "import { rijen } from '../a/store.ts';\nexport const tel = () => rijen().length;\n",
    });
    expect(await controleer(root)).toEqual([
      { regel: 'alleen-via-gevel', van: 'src/modules/b/service.ts', naar: 'src/modules/a/store.ts' },
    ]);
  });

  it('accepts the same import through the face', async () => {
    const root = boom({
      'src/modules/a/store.ts': 'export const rijen = () => [];\n',
      'src/modules/a/index.ts': "export { rijen } from './store.ts';\n",
      'src/modules/b/service.ts': "import { rijen } from '../a/index.ts';\nexport const tel = () => rijen().length;\n",
    });
    expect(await controleer(root)).toEqual([]);
  });

  it('refuses a loop between modules, also when no file imports itself back', async () => {
    const root = boom({
      'src/modules/a/index.ts': "export { p } from './p.ts';\n",
      'src/modules/a/p.ts': 'export const p = 1;\n',
      'src/modules/a/q.ts': "import { r } from '../b/index.ts';\nexport const q = r;\n",
      'src/modules/b/index.ts': "export { r } from './r.ts';\n",
      'src/modules/b/r.ts': 'export const r = 2;\n',
      'src/modules/b/s.ts': "import { p } from '../a/index.ts';\nexport const s = p;\n",
    });
    const uit = await controleer(root);
    expect(uit).toHaveLength(1);
    expect(uit[0]).toMatchObject({ regel: 'geen-kringen-tussen-modules', van: 'a <-> b' });
  });

  it('refuses a loop between files, and infrastructure that imports a module', async () => {
    const root = boom({
      'src/modules/a/index.ts': "export { x } from './x.ts';\n",
      'src/modules/a/x.ts': "import { y } from './y.ts';\nexport const x = () => y;\n",
      'src/modules/a/y.ts': "import { x } from './x.ts';\nexport const y = () => x;\n",
      'src/shared/hulp.ts': "import { x } from '../modules/a/index.ts';\nexport const h = x;\n",
    });
    const regels = (await controleer(root)).map((b) => b.regel).sort();
    expect(regels).toEqual(['geen-kringen', 'infrastructuur-kent-geen-domein']);
  });
});
