import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
// dist/cli/version.js and cli/version.ts both sit two levels below package.json.
export const VERSION: string = (require('../../package.json') as { version: string }).version;
