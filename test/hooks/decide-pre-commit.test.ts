import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { blobId } from '../../src/io/blob-id.js';
import { decidePreCommit } from '../../src/hooks/decide-pre-commit.js';
import { git, gitRepo, writeFiles } from '../helpers/git-repo.js';

const decide = suite('decidePreCommit');
const [H, I, W, N] = ['h', 'i', 'w', 'n'];

decide('unchanged: the staged plan is the compiled one', () => {
  assert.equal(decidePreCommit({ head: N, index: N, work: N }, N, 'stage'), { kind: 'unchanged' });
  assert.equal(decidePreCommit({ head: H, index: N, work: N }, N, 'check'), { kind: 'unchanged' });
  assert.equal(decidePreCommit({ head: N, index: N, work: W }, N, 'stage'), { kind: 'unchanged' }, 'unstaged edits alone are not partial staging');
});

decide('work tree = staged: the same decision whatever HEAD holds (the hook then never reads HEAD)', () => {
  for (const staged of [undefined, I, N]) {
    for (const mode of ['stage', 'check'] as const) {
      const answers = [undefined, H, I, W, N].map((head) => decidePreCommit({ head, index: staged, work: staged }, N, mode));
      for (const answer of answers) assert.equal(answer, answers[0], `staged ${staged}, ${mode}`);
    }
  }
});

decide('partial: staged ≠ HEAD and work tree ≠ staged, whatever the mode or plan', () => {
  assert.equal(decidePreCommit({ head: H, index: I, work: W }, N, 'stage'), { kind: 'partial' });
  assert.equal(decidePreCommit({ head: H, index: I, work: W }, I, 'stage'), { kind: 'partial' });
  assert.equal(decidePreCommit({ head: undefined, index: I, work: W }, N, 'check'), { kind: 'partial' });
  assert.equal(decidePreCommit({ head: H, index: I, work: undefined }, N, 'stage'), { kind: 'partial' }, 'deleted in the work tree only');
});

decide('check mode fails instead of staging', () => {
  assert.equal(decidePreCommit({ head: H, index: H, work: H }, N, 'check'), { kind: 'check' });
});

decide('stage: the work tree is written only when it holds no edits of its own', () => {
  assert.equal(decidePreCommit({ head: H, index: H, work: H }, N, 'stage'), { kind: 'stage', writeWorkTree: true });
  assert.equal(decidePreCommit({}, N, 'stage'), { kind: 'stage', writeWorkTree: true }, 'first plan: created in both');
  assert.equal(decidePreCommit({ head: H, index: H, work: W }, N, 'stage'), { kind: 'stage', writeWorkTree: false });
  assert.equal(decidePreCommit({ head: H, index: I, work: I }, N, 'stage'), { kind: 'stage', writeWorkTree: true });
  assert.equal(
    decidePreCommit({ head: undefined, index: undefined, work: W }, N, 'stage'),
    { kind: 'stage', writeWorkTree: false },
    'untracked work-tree copy kept',
  );
  assert.equal(decidePreCommit({ head: H, index: H, work: N }, N, 'stage'), { kind: 'stage', writeWorkTree: false }, 'already there');
});

decide.run();

const blob = suite('blobId');

blob('matches git hash-object', () => {
  const dir = gitRepo();
  const text = 'version: 1\nwaves: []\n';
  writeFiles(dir, { 'p.yaml': text });
  assert.is(blobId(Buffer.from(text), undefined), git(dir, 'hash-object', 'p.yaml').trim());
  assert.is(blobId(Buffer.from(''), 'a'.repeat(40)), 'e69de29bb2d1d6434b8b29ae775ad8c2e48c5391');
  assert.is(blobId(Buffer.from(''), 'a'.repeat(64)).length, 64);
});

blob.run();
