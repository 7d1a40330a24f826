// Writes docs/assumptions.md from the list in lib/capacity/assumptions.ts (`npx projen gen:assumptions`).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { renderAssumptionsMarkdown } from '../lib/capacity/assumptions';

const target = path.join(__dirname, '..', 'docs', 'assumptions.md');
fs.mkdirSync(path.dirname(target), { recursive: true });
fs.writeFileSync(target, renderAssumptionsMarkdown());
process.stdout.write(`wrote ${path.relative(process.cwd(), target)}\n`);
