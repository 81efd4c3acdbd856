// Baseline: a bare graphql-yoga hello world on node:http.
import { createServer } from 'node:http';
import { createSchema, createYoga } from 'graphql-yoga';

const yoga = createYoga({
  schema: createSchema({ typeDefs: 'type Query { hello: String! }', resolvers: { Query: { hello: () => 'world' } } }),
  logging: false,
});
const server = createServer(yoga);
server.listen(0, '127.0.0.1', () => {
  const address = server.address() as { port: number };
  console.log(`LISTENING http://127.0.0.1:${address.port}/graphql`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
