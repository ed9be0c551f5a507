// npm run bench: every benchmark is a module that runs when imported; keep this a list of imports.
await import('./hook.js');
