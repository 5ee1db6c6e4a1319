// Schemas of the examples routes (the bundled example files the web page offers).
import { Type } from '@sinclair/typebox';

export const ExampleName = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 105, description: 'A file name from GET /v1/examples, e.g. ncaa-2016.json' }),
});

const ExampleInfo = Type.Object({
  name: Type.String(),
  kind: Type.Union([Type.Literal('field'), Type.Literal('calcutta'), Type.Literal('job'), Type.Literal('other')]),
  title: Type.Union([Type.String(), Type.Null()]),
  teams: Type.Union([Type.Integer(), Type.Null()], { description: 'Teams of a field, else null' }),
  bytes: Type.Integer(),
});

export const ExamplesReply = Type.Object({ items: Type.Array(ExampleInfo) });
