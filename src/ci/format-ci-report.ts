import type { Plan, Status } from '../types.js';

export interface CiReportInput {
  plan: Plan;
  /** Waves of this run, 1-based inclusive. */
  range: [first: number, last: number];
  status: (id: string) => Status | undefined;
  /** Item id → the commit that landed it (first-parent history of the branch). */
  landed: ReadonlyMap<string, string>;
  /** Item ids with a `waveplan/<id>` branch on the remote. */
  branches: ReadonlySet<string>;
  /** `https://github.com/owner/name`, when known: links. */
  repoUrl?: string;
}

export interface CiReport {
  markdown: string;
  landed: number;
  total: number;
}

/** The report job's Markdown table (pure): each item of the run's waves, landed or not, with links. */
export function formatCiReport(input: CiReportInput): CiReport {
  const { plan, range } = input;
  const titles = new Map(plan.items.map((i) => [i.id, i.title]));
  const rows: string[] = [];
  let landed = 0;
  let total = 0;
  for (const wave of [...plan.waves].sort((a, b) => a.index - b.index)) {
    if (wave.index < range[0] || wave.index > range[1]) continue;
    for (const id of wave.items) {
      total++;
      const status = input.status(id);
      const commit = input.landed.get(id);
      const branch = `waveplan/${id.replace(/[^A-Za-z0-9._-]/g, '_')}`;
      let result: string;
      let where = '';
      if (status === 'completed') {
        landed++;
        result = 'landed';
        if (commit) where = link(commit.slice(0, 12), input.repoUrl && `${input.repoUrl}/commit/${commit}`);
      } else if (status === 'blocked') {
        result = 'blocked (see its Notes)';
        if (input.branches.has(id)) where = link(branch, input.repoUrl && `${input.repoUrl}/tree/${branch}`);
      } else {
        result = `not run (${status ?? 'missing'})`;
      }
      rows.push(`| ${id} | ${wave.index} | ${cell(titles.get(id) ?? '')} | ${result} | ${where} |`);
    }
  }
  const waves = range[1] >= range[0] ? `waves ${range[0]}-${range[1]} of ${plan.waves.length}` : 'no waves';
  const markdown = [
    `## waveplan: ${landed} of ${total} items landed (${waves})`,
    '',
    '| item | wave | title | result | where |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
  return { markdown, landed, total };
}

function link(text: string, url: string | undefined): string {
  return url ? `[${text}](${url})` : `\`${text}\``;
}

/** Table-safe and inert: pipes escaped, no HTML, no line breaks. */
function cell(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(/[|\\]/g, (c) => `\\${c}`)
    .replace(/</g, '&lt;');
}
