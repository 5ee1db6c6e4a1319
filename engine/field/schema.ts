// JSON Schema of the native field format (docs/field.schema.json is this object, checked by a test).
export const FIELD_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://simcast.dev/schemas/field.schema.json',
  title: 'simcast tournament field',
  description:
    'A single-elimination tournament: teams with ratings, and the bracket given either by regions and seeds (NCAA style) or by explicit slots. See docs/field-format.md.',
  type: 'object',
  required: ['teams'],
  properties: {
    name: { type: 'string', description: 'Name of the tournament.' },
    teams: {
      type: 'array',
      minItems: 2,
      items: {
        type: 'object',
        required: ['name', 'rating'],
        properties: {
          name: { type: 'string', minLength: 1 },
          rating: { type: 'number', description: "The team's rating (scale set by the win-probability model)." },
          region: { type: 'string', minLength: 1 },
          seed: { type: 'integer', minimum: 1 },
        },
        additionalProperties: false,
      },
    },
    regions: {
      type: 'array',
      minItems: 1,
      items: { type: 'string', minLength: 1 },
      uniqueItems: true,
      description: 'Region form: the regions, top to bottom of the bracket (adjacent regions meet first unless semis says otherwise).',
    },
    semis: {
      type: 'array',
      items: { type: 'array', items: { type: 'string' }, minItems: 2, maxItems: 2 },
      description: 'Region form: which regions meet in the national semifinals, e.g. [["South","West"],["East","Midwest"]]; without it adjacent regions meet.',
    },
    seedOrder: {
      type: 'array',
      items: { type: 'integer', minimum: 1 },
      uniqueItems: true,
      description: 'Region form: seeds top to bottom within a region, a power of two of them (default 1,16,8,9,5,12,4,13,6,11,3,14,7,10,2,15).',
    },
    slots: {
      type: 'array',
      description: 'Slots form: first-round slots top to bottom (a power of two of them): a team name, a two-name array (play-in game) or "BYE".',
      items: {
        anyOf: [
          { type: 'string', minLength: 1 },
          { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 2, maxItems: 2 },
        ],
      },
    },
    results: {
      type: 'array',
      description: 'Games already decided.',
      items: {
        type: 'object',
        required: ['winner', 'loser'],
        properties: { winner: { type: 'string' }, loser: { type: 'string' } },
        additionalProperties: false,
      },
    },
  },
  additionalProperties: false,
  oneOf: [
    { required: ['regions'], not: { required: ['slots'] } },
    { required: ['slots'], not: { anyOf: [{ required: ['regions'] }, { required: ['semis'] }, { required: ['seedOrder'] }] } },
  ],
} as const;

export const NCAA_SEED_ORDER = [1, 16, 8, 9, 5, 12, 4, 13, 6, 11, 3, 14, 7, 10, 2, 15];
