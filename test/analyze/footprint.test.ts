import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { expandGlobs } from '../../src/analyze/footprint.js';
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
