// npm run bench: every benchmark, one table each (each module prints its own table).
// `npm run bench -- real [options]`: only the real repositories (bench/real.ts).
// `npm run bench -- replay [options]`: a public history landed by apply (bench/replay.ts).
const argv = process.argv.slice(2);
const { runRealBench } = await import('./real.js');
if (argv[0] === 'replay') {
  const { runReplayBench } = await import('./replay.js');
  await runReplayBench(argv.slice(1));
} else if (argv[0] === 'real') {
  await runRealBench(argv.slice(1));
} else {
  if (argv.length === 0) await runRealBench([]);
  await import('./plan.js');
  const { benchApply } = await import('./apply.js');
  await benchApply();
  await import('./infer.js');
  await import('./hook.js');
  const { runImportGraphBench } = await import('./import-graph.js');
  await runImportGraphBench(argv);
}
