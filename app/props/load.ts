// The props book from a database: every stored history, loaded once per process (the CLI) or per
// server (refreshed when the data's version moves).
import type { Queryable } from '../../store/db.js';
import { PropsBook } from './book.js';

export function loadPropsBook(db: Queryable): Promise<PropsBook> {
  return PropsBook.load(db);
}
