// A request that reaches the server while it closes is refused in the error contract's shape, 503
// SHUTTING_DOWN, not in Fastify's own. The late request's connection is open (its headers begun, so it
// is not idle and close() keeps it) when close() starts; its headers end after the server is closing.
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { createModelsPredictor } from '../app/predictions/predictor.js';
import { buildApp } from '../server/app.js';
import { closePool } from '../workers/pool.js';
import { nflSlice } from './helpers/nfl-slice.js';

afterAll(closePool);

const fourTeams = JSON.parse(readFileSync(new URL('../examples/four-teams.json', import.meta.url), 'utf8')) as unknown;

function client(port: number): { socket: Socket; answer: Promise<string> } {
  const socket = connect(port, '127.0.0.1');
  let raw = '';
  socket.on('data', (b: Buffer) => (raw += b.toString()));
  return { socket, answer: new Promise((resolve) => socket.on('close', () => resolve(raw))) };
}

describe('shutting down', () => {
  it('answers the request in flight and refuses one that arrives while closing with 503 SHUTTING_DOWN', { timeout: 120_000 }, async () => {
    const a = await buildApp({
      predictor: createModelsPredictor({ games: { nfl: nflSlice() } }),
      redisUrl: null,
      rateLimit: false,
      apiKey: null,
      defaultMetrics: false,
      threads: 1,
    });
    await a.listen({ port: 0, host: '127.0.0.1' });
    const { port } = a.server.address() as { port: number };
    const late = client(port);
    late.socket.write('GET /health HTTP/1.1\r\nhost: x\r\n');
    await new Promise<void>((resolve) => late.socket.once('ready', () => resolve()));
    const first = client(port);
    const body = JSON.stringify({ field: fourTeams, sims: 100_000, seed: 3, model: { name: 'elo' } });
    a.server.once('request', () => void a.close());
    first.socket.write(
      `POST /v1/tournaments/simulate HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
    const answered = await first.answer;
    expect(answered).toMatch(/^HTTP\/1\.1 200 /);
    // The server is closing now (it answered with connection: close); the late request's headers end.
    expect(answered).toMatch(/connection: close/i);
    late.socket.write('\r\n');
    const refused = await late.answer;
    expect(refused).toMatch(/^HTTP\/1\.1 503 /);
    const json = JSON.parse(refused.slice(refused.indexOf('\r\n\r\n') + 4)) as { error: { code: string; message: string } };
    expect(json.error).toEqual({ code: 'SHUTTING_DOWN', message: 'the server is shutting down; retry on another instance or after it restarts' });
  });
});
