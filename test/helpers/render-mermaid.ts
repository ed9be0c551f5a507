import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser } from 'playwright-core';

/** Chromium from the distribution (`apt-get install -y chromium`; .ci/run installs it). WAVEPLAN_CHROMIUM overrides. */
export const CHROMIUM = process.env.WAVEPLAN_CHROMIUM ?? '/usr/bin/chromium';

const require = createRequire(import.meta.url);
const MERMAID_BUNDLE = require.resolve('mermaid/dist/mermaid.min.js');

/** A rendered gantt bar: the task id Mermaid gave it (without the diagram prefix), its left edge and width in SVG units. */
export interface Bar {
  id: string;
  x: number;
  width: number;
  label: string;
}

/**
 * Headless Chromium with Mermaid's browser bundle loaded: renders Mermaid text to SVG the way
 * GitHub's viewer does. Throws (never skips) when Chromium is missing, with the fix.
 */
export async function openMermaid(): Promise<{
  renderBars(source: string): Promise<{ svg: string; bars: Bar[] }>;
  screenshot(source: string, path: string): Promise<void>;
  close(): Promise<void>;
}> {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `Chromium not found at ${CHROMIUM}: the chart test renders in a real browser. Install it (apt-get install -y chromium; .ci/run does) or set WAVEPLAN_CHROMIUM.`,
    );
  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
  await page.setContent('<!doctype html><html><body></body></html>');
  await page.addScriptTag({ path: MERMAID_BUNDLE });
  let n = 0;
  const renderBars = async (source: string): Promise<{ svg: string; bars: Bar[] }> => {
    const name = `chart${++n}`;
    return page.evaluate(
      async ({ source, name }) => {
        const m = (globalThis as unknown as { mermaid: { initialize(o: object): void; render(id: string, text: string): Promise<{ svg: string }> } }).mermaid;
        m.initialize({ startOnLoad: false, theme: 'default' });
        const { svg } = await m.render(name, source);
        const doc = (
          globalThis as unknown as {
            document: {
              createElement(t: string): {
                innerHTML: string;
                querySelectorAll(s: string): ArrayLike<{ id: string; getAttribute(a: string): string | null; textContent: string | null }>;
              };
              body: { appendChild(n: object): void };
            };
          }
        ).document;
        const holder = doc.createElement('div');
        holder.innerHTML = svg;
        doc.body.appendChild(holder);
        const texts = Array.from(holder.querySelectorAll('text.taskText, text.taskTextOutsideRight, text.taskTextOutsideLeft'));
        const bars = Array.from(holder.querySelectorAll('rect.task')).map((r) => {
          const id = r.id.slice(name.length + 1);
          const text = texts.find((t) => t.id === `${id}-text` || t.id === `${name}-${id}-text`);
          return { id, x: Number(r.getAttribute('x')), width: Number(r.getAttribute('width')), label: text?.textContent ?? '' };
        });
        return { svg, bars };
      },
      { source, name },
    );
  };
  return {
    renderBars,
    /** The chart alone as a PNG (docs' image). */
    async screenshot(source, path) {
      const { svg } = await renderBars(source);
      const shot = await browser.newPage({ viewport: { width: 900, height: 400 }, deviceScaleFactor: 1 });
      await shot.setContent(`<!doctype html><html><body style="margin:0;background:#fff">${svg}</body></html>`);
      await shot.locator('svg').first().screenshot({ path });
      await shot.close();
    },
    close: () => browser.close(),
  };
}
