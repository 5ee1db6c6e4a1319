import { openDb } from './store/db.ts';
for (let i = 0; i < 3; i++) {
  const t = performance.now();
  const db = await openDb({ url: '', dataDir: 'memory://' });
  const t1 = performance.now();
  await db.close();
  console.log('open+migrate', (t1 - t).toFixed(0), 'ms');
}
const { PGlite } = await import('@electric-sql/pglite');
const t = performance.now(); const l = await PGlite.create('memory://'); console.log('bare', (performance.now()-t).toFixed(0)); 
const t2 = performance.now(); const blob = await l.dumpDataDir('none'); console.log('dump', (performance.now()-t2).toFixed(0), blob.size);
const t3 = performance.now(); const l2 = await PGlite.create({ loadDataDir: blob }); console.log('load', (performance.now()-t3).toFixed(0));
