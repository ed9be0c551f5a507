// npm run bench: every benchmark, one line each (each module prints its own table).
await import('./plan.js');
const { benchApply } = await import('./apply.js');
await benchApply();
await import('./infer.js');
await import('./hook.js');
const { runImportGraphBench } = await import('./import-graph.js');
await runImportGraphBench(process.argv.slice(2));
