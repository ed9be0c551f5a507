// `npm run bench`: every benchmark, one import each.
import { benchApply } from './apply.js';

await benchApply();
