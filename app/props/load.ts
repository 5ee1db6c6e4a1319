// The props book from a database: every stored history, loaded once per process (the CLI) or per
// server (refreshed when the data's version moves).
import type { Queryable } from '../../store/db.js';
import { PropsBook } from './book.js';

export async function loadPropsBook(db: Queryable, onFit?: PropsBook['onFit']): Promise<PropsBook> {
  const book = await PropsBook.load(db);
  book.onFit = onFit;
  return book;
}
