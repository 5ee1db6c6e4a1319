// The JSON Schema of a Calcutta input (docs/calcutta.schema.json holds the same object; a test keeps
// them equal). Shape and types only: amounts' signs, sums and cross-references are checked in parse.ts,
// where each gets its own code and message.
export const CALCUTTA_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://github.com/simcast/simcast/docs/calcutta.schema.json',
  title: 'simcast Calcutta auction',
  description:
    'A Calcutta: the field, scoring, payouts, the other entries (known bids or a market prediction), our budget and bid constraints. See docs/calcutta.md.',
  type: 'object',
  additionalProperties: false,
  required: ['field', 'scoring', 'payouts', 'budget'],
  properties: {
    name: { type: 'string' },
    field: {
      description: 'The tournament field: a path to a field file (relative to this file) or the field inline (docs/field-format.md).',
      oneOf: [{ type: 'string', minLength: 1 }, { type: 'object' }],
    },
    model: {
      type: 'object',
      additionalProperties: false,
      properties: {
        name: { enum: ['538', 'elo', 'normal'] },
        sigma: { type: 'number' },
      },
    },
    scoring: {
      description:
        'perWin: points for a win in each full round, first full round first (and playInWin for a First Four win); or perRoundReached: total points of a team whose run ends at each stage, from the first full round to champion.',
      oneOf: [
        {
          type: 'object',
          additionalProperties: false,
          required: ['perWin'],
          properties: { perWin: { type: 'array', items: { type: 'number' }, minItems: 1 }, playInWin: { type: 'number' } },
        },
        {
          type: 'object',
          additionalProperties: false,
          required: ['perRoundReached'],
          properties: { perRoundReached: { type: 'array', items: { type: 'number' }, minItems: 1 } },
        },
      ],
    },
    payouts: {
      description: 'Share of the pot paid to each finishing rank, first place first; sums to 1.',
      type: 'array',
      items: { type: 'number' },
      minItems: 1,
    },
    entryName: { type: 'string', minLength: 1, description: 'Our entry in reports (default "us").' },
    entries: {
      description: "The other entries' bids, when known.",
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'bids'],
        properties: {
          name: { type: 'string', minLength: 1 },
          bids: { type: 'object', additionalProperties: { type: 'number' } },
          budget: { type: 'number' },
        },
      },
    },
    market: {
      description: 'A prediction of the other entries when their bids are not (all) known.',
      type: 'object',
      additionalProperties: false,
      properties: {
        pot: { type: 'number', description: 'Money the predicted entries spend in all.' },
        entries: { type: 'integer', description: 'Number of predicted entries.' },
        alpha: { type: 'number', description: 'Default model: share proportional to expected points^alpha (default 1).' },
        concentration: { type: 'number', description: 'Gamma shape of how predicted entries split a team (default 0.5).' },
        history: {
          description: 'Past auctions, to fit log(price share) = a + b log(expected points) + c seed.',
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['expectedPoints', 'price'],
            properties: {
              auction: { type: 'string' },
              team: { type: 'string' },
              seed: { type: 'number' },
              expectedPoints: { type: 'number' },
              price: { type: 'number' },
            },
          },
        },
      },
    },
    budget: { type: 'number', description: 'Our budget.' },
    constraints: {
      type: 'object',
      additionalProperties: false,
      properties: {
        minBid: { type: 'number', description: 'Smallest non-zero bid on a team (default: increment).' },
        maxBid: { type: 'number', description: 'Largest bid on one team (default: budget).' },
        increment: { type: 'number', description: 'Bids are minBid + k * increment (default 1).' },
        maxTeams: { type: 'integer', description: 'Most teams we may bid on (default: all).' },
      },
    },
  },
} as const;
