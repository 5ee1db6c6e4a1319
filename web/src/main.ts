// The page's entry: a hash router over the views (#/bracket, #/game, #/season, #/slips, #/calcutta, #/runs, #/runs/ID).
import { bracketView } from './bracket-view.js';
import { gameView } from './game-view.js';
import { runsView } from './runs-view.js';
import { seasonView } from './season-view.js';
import { slipsView } from './slips-view.js';
import { calcuttaView } from './calcutta-view.js';
import { showError } from './dom.js';

async function route(): Promise<void> {
  const root = document.getElementById('view')!;
  const path = location.hash.replace(/^#/, '').split('?')[0] || '/bracket';
  const [, view, arg] = path.split('/');
  for (const a of document.querySelectorAll('nav a[data-view]')) {
    if (a.getAttribute('data-view') === view) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  showError(null);
  try {
    if (view === 'game') await gameView(root);
    else if (view === 'season') await seasonView(root);
    else if (view === 'slips') await slipsView(root);
    else if (view === 'calcutta') await calcuttaView(root);
    else if (view === 'runs') await runsView(root, arg ? Number(arg) : null);
    else await bracketView(root);
  } catch (e) {
    showError(e);
  }
}

window.addEventListener('hashchange', () => void route());
void route();
