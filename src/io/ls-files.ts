/** Parsing `git ls-files` output (pure): on every plan's path, so one pass, no per-record splitting. */

/** One staged file: `git ls-files -s` mode, blob id and path (relative to the project root). */
export interface IndexEntry {
  mode: string;
  oid: string;
  path: string;
}

const GITLINK = '160000';

/**
 * `git ls-files -z -s -t -m -d [-o]`: staged entries tagged H (S: skip-worktree, M: unmerged),
 * then C (modified), R (removed) and `?` (untracked) records.
 */
export function parseTaggedLsFiles(text: string): { staged: Map<string, IndexEntry>; modified: Set<string>; deleted: Set<string>; others: string[] } {
  const staged = new Map<string, IndexEntry>();
  const rest = scanTaggedLsFiles(text, (path, mode, oid) => staged.set(path, { mode, oid, path }));
  return { staged, ...rest };
}

/** parseTaggedLsFiles with blob ids only: what a plan needs of every file, without an object per file. */
export function parseTaggedLsFileIds(text: string): { oids: Map<string, string>; modified: Set<string>; deleted: Set<string>; others: string[] } {
  const oids = new Map<string, string>();
  const rest = scanTaggedLsFiles(text, (path, _mode, oid) => oids.set(path, oid));
  return { oids, ...rest };
}

/**
 * One pass over the records, no per-record splitting (this runs over every file of the
 * repository). `stage` is called for each staged path's winning record: gitlinks (submodules)
 * are skipped; of a conflicted path's stages, "ours" stands.
 */
function scanTaggedLsFiles(
  text: string,
  stage: (path: string, mode: string, oid: string) => void,
): { modified: Set<string>; deleted: Set<string>; others: string[] } {
  const ranks = new Map<string, number>();
  const modified = new Set<string>();
  const deleted = new Set<string>();
  const others: string[] = [];
  for (let start = 0; start < text.length;) {
    let end = text.indexOf('\0', start);
    if (end === -1) end = text.length;
    const tag = text[start];
    if (end - start >= 2) {
      if (tag === '?') others.push(text.slice(start + 2, end));
      else if (tag !== 'K') {
        const tab = text.indexOf('\t', start);
        const path = text.slice(tab + 1, end);
        if (tag === 'C') modified.add(path);
        else if (tag === 'R') deleted.add(path);
        else {
          // `<mode> <oid> <stage>`: the mode is six digits, the stage one, the oid between.
          const mode = text.slice(start + 2, start + 8);
          const number = text[tab - 1];
          if (mode !== GITLINK) {
            if (number === '0') stage(path, mode, text.slice(start + 9, tab - 2));
            else {
              const rank = STAGE_RANK[number] ?? 9;
              if ((ranks.get(path) ?? Infinity) > rank) {
                ranks.set(path, rank);
                stage(path, mode, text.slice(start + 9, tab - 2));
              }
            }
          }
        }
      }
    }
    start = end + 1;
  }
  return { modified, deleted, others };
}

/** Stage 0 is the normal case; in a merge conflict "ours" (2) stands for the path. */
const STAGE_RANK: Record<string, number> = { '0': 0, '2': 1, '1': 2, '3': 3 };
