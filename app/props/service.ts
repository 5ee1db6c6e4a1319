// Props for the HTTP API: the book (histories from the database, loaded on first use; or given, as
// tests and the benchmark do), and pricing through the cache: an answer is a pure function of the
// normalised request and the data's version (in the key), so a repeat is read, not recomputed.
import { StoreError } from '../../core/errors.js';
import type { Cache } from '../../store/cache/index.js';
import { propsKey } from '../../store/cache/props-keys.js';
import type { Queryable } from '../../store/db.js';
import { feedVersion } from '../../store/props-history.js';
import { PropsBook } from './book.js';
import { normaliseProp, normaliseSlip, priceProp, priceSlip, type LegRequest, type PricedLeg, type PricedSlip, type SlipRequest } from './price.js';

/** How often, at most, a request looks whether the stored histories moved (then the book reloads). */
const VERSION_CHECK_MS = 30_000;

export class PropsService {
  private book: Promise<PropsBook> | null;
  private checkedAt = 0;
  /** a book given by the caller is kept as it is (no reload from the database) */
  private readonly fixed: boolean;

  constructor(
    private readonly cache: Cache,
    private readonly db: Queryable | null,
    given?: PropsBook,
  ) {
    this.book = given ? Promise.resolve(given) : null;
    this.fixed = given !== undefined;
  }

  private async current(): Promise<PropsBook> {
    if (this.book === null) {
      if (this.db === null) throw new StoreError('DATABASE_UNREACHABLE', 'this server runs without a database; props need the stored player stats');
      const db = this.db;
      this.book = PropsBook.load(db);
      this.book.catch(() => (this.book = null));
      this.checkedAt = Date.now();
    } else if (!this.fixed && this.db !== null && Date.now() - this.checkedAt > VERSION_CHECK_MS) {
      this.checkedAt = Date.now();
      const [book, nfl, nba] = await Promise.all([this.book, feedVersion(this.db, 'nfl'), feedVersion(this.db, 'nba')]);
      if (book.version.nfl !== nfl || book.version.nba !== nba) this.book = PropsBook.load(this.db);
    }
    return this.book;
  }

  async priceProp(req: LegRequest): Promise<PricedLeg & { cached: boolean }> {
    const book = await this.current();
    const p = normaliseProp(book, req);
    const r = await this.cache.fetch('pred', propsKey(this.cache.prefix, 'prop', p.league, p.key), () => priceProp(book, p));
    return { ...r.value, cached: r.cached };
  }

  async priceSlip(req: SlipRequest): Promise<PricedSlip & { cached: boolean }> {
    const book = await this.current();
    const s = normaliseSlip(book, req);
    const r = await this.cache.fetch('pred', propsKey(this.cache.prefix, 'slip', s.league, s.key), () => priceSlip(book, s));
    return { ...r.value, cached: r.cached };
  }

  /** The book as loaded (for routes that store priced slips). */
  async currentBook(): Promise<PropsBook> {
    return this.current();
  }
}
