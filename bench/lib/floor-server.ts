// The HTTP floor (bench/http.ts): Fastify alone, answering the bench's requests with the case the
// real server last answered — parsed once, serialised at every answer — with no engine, no
// database, no hooks. What a request costs this machine before the event path adds anything.
import Fastify from 'fastify';
import { readFileSync } from 'node:fs';

const [answerFile, port] = process.argv.slice(2);
const answer = JSON.parse(readFileSync(answerFile!, 'utf8')) as Record<string, unknown>;
const app = Fastify();
app.post('/api/cases/:id/events', async () => answer);
await app.listen({ port: Number(port), host: '127.0.0.1' });
process.stdout.write('ready\n');
