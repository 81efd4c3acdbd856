// A merchant endpoint that accepts everything: POST anything → 200; GET /count → requests so far.
import { createServer } from 'node:http';

let count = 0;
const server = createServer((request, response) => {
  if (request.method === 'GET') {
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ count }));
    return;
  }
  request.resume();
  request.on('end', () => {
    count++;
    response.writeHead(200).end('ok');
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address() as { port: number };
  console.log(`LISTENING http://127.0.0.1:${address.port}/hooks`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
