// npm run bench: every benchmark, one import each (each module runs and prints its own table).
await import('./plan.js');
