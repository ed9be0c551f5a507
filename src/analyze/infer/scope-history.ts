import type { CommitRecord } from '../../io/git-history.js';
import type { ScopeHistory } from './find-hits.js';
import { extractEvidence } from './text-evidence.js';

/** Past commits → per conventional-commit scope, how many commits and how often each file changed (pure). */
export function buildScopeHistory(commits: readonly Pick<CommitRecord, 'subject' | 'files'>[]): ScopeHistory {
  const out = new Map<string, { commits: number; files: Map<string, number> }>();
  for (const commit of commits) {
    const scopes = extractEvidence({ title: commit.subject, body: [] }).filter((c) => c.kind === 'scope');
    for (const { value } of scopes) {
      let record = out.get(value);
      if (!record) out.set(value, (record = { commits: 0, files: new Map() }));
      record.commits++;
      for (const file of new Set(commit.files)) record.files.set(file, (record.files.get(file) ?? 0) + 1);
    }
  }
  return out;
}
