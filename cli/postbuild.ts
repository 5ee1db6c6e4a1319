// Marks the built CLI executable so `npx simcast` works right after `npm ci`.
import { chmodSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

chmodSync(fileURLToPath(new URL('./main.js', import.meta.url)), 0o755);
