import fc from 'fast-check';
import picomatch from 'picomatch';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { escapedPath, expandGlobs } from '../../src/analyze/footprint.js';
import { normalPath } from '../../src/repo-path.js';

const files = [
  'app/(dashboard)/dashboard/page.tsx',
  'app/(dashboard)/dashboard/reports/page.tsx',
  'app/(editor)/editor/[postId]/page.tsx',
  'lib/a.ts',
  'src/a.ts',
  'src/b.ts',
  'src/real/r.ts',
];

const globs = suite("expandGlobs: declared paths and globs against the repo's files");

globs('plain files, folders, globs; a path that names nothing yet is kept', () => {
  assert.equal(expandGlobs(['src/a.ts'], files), ['src/a.ts']);
  assert.equal(expandGlobs(['src/'], files), ['src/a.ts', 'src/b.ts', 'src/real/r.ts']);
  assert.equal(expandGlobs(['src/*.ts'], files), ['src/a.ts', 'src/b.ts']);
  assert.equal(expandGlobs(['src/new.ts'], files), ['src/new.ts']);
  assert.equal(expandGlobs(['src/[ab].ts'], files), ['src/a.ts', 'src/b.ts'], 'a character class that matches stays one');
});

globs('brackets and parentheses in names (Next.js route groups and segments): folders, globs, files to create', () => {
  assert.equal(expandGlobs(['app/(dashboard)/dashboard/'], files), ['app/(dashboard)/dashboard/page.tsx', 'app/(dashboard)/dashboard/reports/page.tsx']);
  assert.equal(expandGlobs(['app/(dashboard)/**'], files), ['app/(dashboard)/dashboard/page.tsx', 'app/(dashboard)/dashboard/reports/page.tsx']);
  assert.equal(expandGlobs(['app/(editor)/editor/*/page.tsx'], files), ['app/(editor)/editor/[postId]/page.tsx']);
  assert.equal(expandGlobs(['app/(editor)/editor/[postId]/page.tsx'], files), ['app/(editor)/editor/[postId]/page.tsx']);
  assert.equal(expandGlobs(['app/(dashboard)/dashboard/settings/page.tsx'], files), ['app/(dashboard)/dashboard/settings/page.tsx'], 'a file to create');
  assert.equal(expandGlobs(['app/\\(dashboard\\)/dashboard/page.tsx'], files), ['app/(dashboard)/dashboard/page.tsx'], 'escaped');
  assert.equal(expandGlobs(['app/(marketing)/**'], files), [], 'a glob that matches nothing is still nothing');
});

globs('an escaped path is looked up, and finds what picomatch finds (property)', () => {
  // Names of characters a path may hold, glob characters included (as git lists them: no `.` or `..` folder).
  const segment = fc.stringMatching(/^[a-z0-9().[\]{}!*?@+,_ -]{1,6}$/).filter((s) => s !== '.' && s !== '..');
  const path = fc.array(segment, { minLength: 1, maxLength: 4 }).map((parts) => parts.join('/'));
  fc.assert(
    fc.property(path, fc.array(path, { maxLength: 6 }), (target, others) => {
      const pattern = target.replace(/[*?[\]{}()!]/g, (c) => `\\${c}`);
      if (pattern === target) return;
      const repo = [...new Set([target, ...others])].sort();
      assert.is(escapedPath(pattern), target);
      const isMatch = picomatch(pattern, { dot: true });
      assert.equal(
        expandGlobs([pattern], repo),
        repo.filter((f) => isMatch(f)),
        pattern,
      );
    }),
    { numRuns: 500 },
  );
  assert.is(escapedPath('src/*.ts'), undefined, 'a glob');
  assert.is(escapedPath('app/\\(x\\)/[id].ts'), undefined, 'an unescaped class');
  assert.is(escapedPath('src/\\0\\(x\\).ts'), undefined, 'another character escaped: picomatch decides');
  assert.is(escapedPath('src/a.ts'), undefined, 'no escape: a plain path, looked up as one already');
});

const paths = suite('normalPath: one spelling per declared path');

paths('slashes, dots and x/.. folded; folders keep their slash; escapes of glob characters kept', () => {
  assert.is(normalPath('src//real/r.ts'), 'src/real/r.ts');
  assert.is(normalPath('./src/real/./r.ts'), 'src/real/r.ts');
  assert.is(normalPath('src/../src/real/r.ts'), 'src/real/r.ts');
  assert.is(normalPath('src\\real\\r.ts'), 'src/real/r.ts');
  assert.is(normalPath('src/real/'), 'src/real/');
  assert.is(normalPath('app/\\(group\\)/**'), 'app/\\(group\\)/**');
  assert.is(normalPath('src/**/*.ts'), 'src/**/*.ts');
});

globs.run();
paths.run();
