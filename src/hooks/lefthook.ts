import { isMap, parseDocument, type Document } from 'yaml';

/** Config file names lefthook reads, in its order of precedence. */
export const LEFTHOOK_FILES = ['lefthook.yml', 'lefthook.yaml', '.lefthook.yml', '.lefthook.yaml', '.config/lefthook.yml', '.config/lefthook.yaml'];

/** lefthook does not put node_modules/.bin on PATH, so go through npx (no install). */
export const LEFTHOOK_RUN = 'npx --no-install waveplan hooks run pre-commit';

export const LEFTHOOK_SNIPPET = `pre-commit:\n  commands:\n    waveplan:\n      run: ${LEFTHOOK_RUN}\n`;

/** The same as an entry of a `jobs:` list (lefthook ≥ 1.10), for a hook configured that way. */
export const LEFTHOOK_JOB_SNIPPET = `    - name: waveplan\n      run: ${LEFTHOOK_RUN}\n`;

export type LefthookEdit =
  | { kind: 'add'; text: string }
  | { kind: 'present' }
  /** Editing would rewrite the user's formatting or meet a shape we do not know: print the snippet. */
  | { kind: 'unsafe'; reason: string; jobs?: boolean };

/** Add `pre-commit.commands.waveplan` to a lefthook config, only when that changes nothing else. */
export function addToLefthook(text: string): LefthookEdit {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) return { kind: 'unsafe', reason: `it does not parse (${doc.errors[0].message.split('\n')[0]})` };
  if (doc.toString({ lineWidth: 0 }) !== text && text.trim() !== '') return { kind: 'unsafe', reason: 'rewriting it would change its formatting' };
  if (doc.contents !== null && !isMap(doc.contents)) return { kind: 'unsafe', reason: 'its top level is not a mapping' };
  const hook = doc.get('pre-commit');
  if (hook !== undefined && !isMap(hook)) return { kind: 'unsafe', reason: '`pre-commit` is not a mapping' };
  if (isMap(hook) && hook.has('jobs')) return { kind: 'unsafe', reason: '`pre-commit` uses `jobs`', jobs: true };
  const existing = doc.getIn(['pre-commit', 'commands', 'waveplan']);
  if (existing !== undefined) {
    const run = doc.getIn(['pre-commit', 'commands', 'waveplan', 'run']);
    return typeof run === 'string' && run.includes('waveplan hooks run pre-commit')
      ? { kind: 'present' }
      : { kind: 'unsafe', reason: '`pre-commit.commands.waveplan` exists with another command' };
  }
  const commands = doc.getIn(['pre-commit', 'commands']);
  if (commands !== undefined && !isMap(commands)) return { kind: 'unsafe', reason: '`pre-commit.commands` is not a mapping' };
  doc.setIn(['pre-commit', 'commands', 'waveplan'], doc.createNode({ run: LEFTHOOK_RUN }));
  return { kind: 'add', text: stringify(doc) };
}

/** The config without waveplan's command (and without maps that became empty), or undefined when it is not there. */
export function removeFromLefthook(text: string): string | undefined {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) return undefined;
  const run = doc.getIn(['pre-commit', 'commands', 'waveplan', 'run']);
  if (typeof run !== 'string' || !run.includes('waveplan hooks run pre-commit')) return undefined;
  doc.deleteIn(['pre-commit', 'commands', 'waveplan']);
  const commands = doc.getIn(['pre-commit', 'commands']);
  if (isMap(commands) && commands.items.length === 0) doc.deleteIn(['pre-commit', 'commands']);
  const hook = doc.get('pre-commit');
  if (isMap(hook) && hook.items.length === 0) doc.delete('pre-commit');
  return stringify(doc);
}

function stringify(doc: Document): string {
  return isMap(doc.contents) && doc.contents.items.length === 0 ? '' : doc.toString({ lineWidth: 0 });
}
