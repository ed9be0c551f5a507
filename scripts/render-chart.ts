// npx tsx scripts/render-chart.ts REPORT.md OUT.png: the first Mermaid block of a Markdown report,
// rendered by Mermaid 11 in the distribution's Chromium, as a PNG (docs/plan-file.md, "The chart").
import { readFileSync } from 'node:fs';
import { openMermaid } from '../test/helpers/render-mermaid.js';

const [input, output] = process.argv.slice(2);
if (!input || !output) throw new Error('usage: tsx scripts/render-chart.ts REPORT.md OUT.png');
const block = /```mermaid\n([\s\S]*?)\n```/.exec(readFileSync(input, 'utf8'))?.[1];
if (!block) throw new Error(`${input} has no mermaid block`);
const mermaid = await openMermaid();
try {
  await mermaid.screenshot(block, output);
} finally {
  await mermaid.close();
}
