// Cache keys of priced props and slips: the normalised request's text (app/props/price.ts: players by
// id, lines on quarter points, odds whole, the data's version inside) hashed, so a ten-leg slip is one
// short key and clients cannot mint long ones.
//   simcast:v1:prop:nfl:3f9a…   simcast:v1:slip:nba:77c0…
import { createHash } from 'node:crypto';

const PROPS_KEY_SCHEMA = 'v1';

export function propsKey(prefix: string, what: 'prop' | 'slip', league: string, normalised: string): string {
  return `${prefix}:${PROPS_KEY_SCHEMA}:${what}:${league}:${createHash('sha256').update(normalised).digest('base64url')}`;
}
