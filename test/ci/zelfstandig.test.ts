import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// The repository stands alone: .ci/run fails when a tracked file outside docs/ refers to the shared folder
// that sits beside our own checkouts (its data, standards, seeds) but not beside a user's clone.
const CHECK = readFileSync('.ci/run', 'utf8')
  .split('\n')
  .find((r) => r.startsWith('if git grep'))!;
// Built at run time, so this file does not trip the check itself.
const GEDEELD = ['..', 'shared'].join('/');

const runCheck = (cwd: string) => spawnSync('bash', ['-c', CHECK], { cwd, encoding: 'utf8' });

describe('.ci/run: no tracked file outside docs/ refers to the shared folder outside the repository', () => {
  const repo = mkdtempSync(join(tmpdir(), 'sr-zelfstandig-'));
  afterAll(() => rmSync(repo, { recursive: true, force: true }));
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, stdio: 'pipe' });
  const bestand = (pad: string, inhoud: string) => {
    mkdirSync(join(repo, pad, '..'), { recursive: true });
    writeFileSync(join(repo, pad), inhoud);
    git('add', pad);
  };

  it('the check is in .ci/run, before the install and the tests', () => {
    const run = readFileSync('.ci/run', 'utf8');
    expect(CHECK).toContain("-- ':!docs/'; then");
    expect(CHECK).toContain('exit 1');
    expect(run.indexOf(CHECK)).toBeLessThan(run.indexOf('npm ci'));
  });

  it('passes on this repository', () => {
    if (spawnSync('git', ['rev-parse', '--is-inside-work-tree']).status !== 0) return; // not a git checkout
    const r = runCheck(process.cwd());
    expect(r.stdout).toBe('');
    expect(r.status).toBe(0);
  });

  it("passes for the repository's own src/shared imports and for docs/; fails for the outside folder", () => {
    git('init', '-q');
    bestand('src/cli/a.ts', "import { x } from '../shared/bsn.ts';\nimport { y } from '../../shared/errors.ts';\n");
    bestand('docs/ontwikkelen.md', `Reference data came from \`${GEDEELD}/data/\`.\n`);
    expect(runCheck(repo).status).toBe(0);

    for (const [pad, regel] of [
      ['test/helpers/x.ts', `const DATA = new URL('../../${GEDEELD}/data/', import.meta.url);`],
      ['bench/y.ts', `readFileSync('${GEDEELD}/standards/ddas/schema.json');`],
      ['README.md', `See \`${GEDEELD}/\` for the table.`],
      ['src/z.ts', `// copied from ${GEDEELD}`],
      ['src/w.ts', `const p = '/work/${GEDEELD.slice(3)}/seeds/a.txt';`],
    ]) {
      bestand(pad!, `${regel}\n`);
      const r = runCheck(repo);
      expect(r.status, pad).toBe(1);
      expect(r.stdout, pad).toContain(pad!);
      expect(r.stderr).toContain('refer to the shared folder outside the repository');
      git('rm', '-q', '-f', pad!);
    }
    expect(runCheck(repo).status).toBe(0);
  });
});
