// One urql client with Graphcache: objects are normalised by type and id, so a status changed on
// the project page is the status every page shows; a project's history pages merge as Relay
// pages. Types without an id are told to Graphcache from the schema (src/gql/cache-keys.ts).
import { Client, fetchExchange } from '@urql/vue';
import { cacheExchange } from '@urql/exchange-graphcache';
import { relayPagination } from '@urql/exchange-graphcache/extras';
import { embeddedTypes } from '../gql/cache-keys';
import { token } from './session';

export function makeClient(onUnauthenticated: () => void): Client {
  return new Client({
    url: '/graphql',
    exchanges: [
      cacheExchange({
        keys: embeddedTypes,
        resolvers: {
          Project: { history: relayPagination() },
        },
      }),
      fetchExchange,
    ],
    fetchOptions: () => {
      const headers: Record<string, string> = { accept: 'application/graphql-response+json' };
      if (token.value) headers.authorization = `Bearer ${token.value}`;
      return { headers };
    },
    fetch: async (input, init) => {
      const response = await fetch(input, init);
      if (response.status === 401) onUnauthenticated();
      return response;
    },
    preferGetMethod: false,
  });
}
