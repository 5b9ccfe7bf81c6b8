#!/usr/bin/env node
// The executable: a thin shell around dist/src/cli.js (built by `npm install` through the prepare script).
import { existsSync } from 'node:fs';

const cli = new URL('../dist/src/cli.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write('campaign-lint: the program is not built yet. Run `npm install` (or `npm run build`) in the campaign-lint folder first.\n');
  process.exit(2);
}
const { main } = await import(cli.href);
process.exitCode = await main(process.argv);
