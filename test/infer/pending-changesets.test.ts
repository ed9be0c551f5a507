import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { changesetFiles, changesetPackages } from '../../src/analyze/infer/pending-changesets.js';
import { gitRepo } from '../helpers/git-repo.js';
import { inferAll } from '../helpers/infer-repo.js';

const changesets = suite('a release writes what the pending changesets name');

changesets('the packages a changeset bumps: its frontmatter keys, quoted or not', () => {
  assert.equal(changesetPackages('---\n"@acme/sdk": minor\n\'@acme/cli\': patch\nweb: major\n---\n\nFix the thing: `a: patch` is no package.\n'), [
    '@acme/cli',
    '@acme/sdk',
    'web',
  ]);
  assert.equal(changesetPackages('---\r\n"@acme/sdk": patch\r\n---\r\n'), ['@acme/sdk']);
  assert.equal(changesetPackages('# Not a changeset\n'), []);
  assert.equal(changesetFiles(['.changeset/README.md', '.changeset/config.json', '.changeset/quiet-owls.md', 'docs/.changeset/x.md']), [
    '.changeset/quiet-owls.md',
  ]);
});

changesets('`Version Packages` writes the pending changesets, the manifests and changelogs of the packages they name, and nothing of the others', async () => {
  const root = gitRepo(undefined, {
    'package.json': '{ "private": true, "workspaces": ["packages/*"] }\n',
    'packages/sdk/package.json': '{ "name": "@acme/sdk", "version": "1.0.0" }\n',
    'packages/sdk/CHANGELOG.md': '# @acme/sdk\n',
    'packages/sdk/src/client.ts': 'export const client = 1;\n',
    'packages/cli/package.json': '{ "name": "@acme/cli", "version": "1.0.0" }\n',
    'packages/cli/CHANGELOG.md': '# @acme/cli\n',
    'packages/web/package.json': '{ "name": "@acme/web", "version": "1.0.0" }\n',
    '.changeset/config.json': '{}\n',
    '.changeset/README.md': '# Changesets\n',
    '.changeset/quiet-owls-watch.md': '---\n"@acme/sdk": patch\n---\n\nRetry once on 503.\n',
    '.changeset/brave-cats-run.md': "---\n'@acme/cli': minor\n---\n\nA --json flag.\n",
    '.agent/queue/001-pending-version-packages.md': '# Version Packages\n',
  });
  const release = (await inferAll(root)).get('001')!;
  assert.is(release.isWeak, false);
  assert.equal(release.paths.sort(), [
    '.changeset/brave-cats-run.md',
    '.changeset/quiet-owls-watch.md',
    'packages/cli/CHANGELOG.md',
    'packages/cli/package.json',
    'packages/sdk/CHANGELOG.md',
    'packages/sdk/package.json',
  ]);
});

changesets('in pre mode a release lists the new changesets in pre.json and leaves them; those a pre-release listed are spent', async () => {
  const root = gitRepo(undefined, {
    'package.json': '{ "private": true, "workspaces": ["packages/*"] }\n',
    'packages/sdk/package.json': '{ "name": "@acme/sdk", "version": "2.0.0-next.1" }\n',
    'packages/cli/package.json': '{ "name": "@acme/cli", "version": "2.0.0-next.1" }\n',
    '.changeset/pre.json': '{ "mode": "pre", "tag": "next", "changesets": ["brave-cats-run"] }\n',
    '.changeset/quiet-owls-watch.md': '---\n"@acme/sdk": patch\n---\n\nRetry once on 503.\n',
    '.changeset/brave-cats-run.md': "---\n'@acme/cli': minor\n---\n\nA --json flag.\n",
    '.agent/queue/001-pending-version-packages-next.md': '# Version Packages (next)\n',
  });
  assert.equal((await inferAll(root)).get('001')!.paths.sort(), ['.changeset/pre.json', 'packages/sdk/CHANGELOG.md', 'packages/sdk/package.json']);
});

changesets.run();
