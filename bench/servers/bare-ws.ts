// Baseline: a bare `ws` server that broadcasts the same bytes to every socket on request.
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';

const server = createServer((request, response) => {
  let body = '';
  request.on('data', (chunk) => (body += chunk));
  request.on('end', () => {
    for (const client of wss.clients) client.send(body);
    response.writeHead(204).end();
  });
});
const wss = new WebSocketServer({ server });
server.listen(0, '127.0.0.1', () => {
  const address = server.address() as { port: number };
  console.log(`LISTENING http://127.0.0.1:${address.port}/`);
});
process.on('SIGTERM', () => {
  for (const client of wss.clients) client.terminate();
  server.close(() => process.exit(0));
});
