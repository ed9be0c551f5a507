import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { detached, graphScan } from '../../src/analyze/graph-scan.js';
import { scanSpecifiers } from '../../src/analyze/import-graph.js';

const scan = suite('graphScan: specifiers as strings of their own');

scan('detached gives the same text, whatever its length or characters', () => {
  for (const s of ['', 'a', './x', '@scope/package/deep/sub/path.js', '../caf\u00e9/\u{1f600}.ts', 'x'.repeat(10_000)]) assert.is(detached(s), s);
});

scan('the scanner through graphScan finds what it finds alone', () => {
  const text = "import { a } from './some/long/module/path.js';\nexport * from '@acme/ui/button';\nconst x = require('./cjs');\n";
  assert.equal(graphScan(scanSpecifiers)(text, 'src/a.ts'), scanSpecifiers(text, 'src/a.ts'));
});

scan.run();
