// One urql client with Graphcache: objects are normalised by type and id, so a status changed on
// the project page is the status every page shows; a project's history pages merge as Relay
// pages. Types without an id are told to Graphcache from the schema (src/gql/cache-keys.ts).
import { Client, fetchExchange } from '@urql/vue';
import { cacheExchange, type Cache } from '@urql/exchange-graphcache';
import { relayPagination } from '@urql/exchange-graphcache/extras';
import { embeddedTypes } from '../gql/cache-keys';
import { token } from './session';

// Figures the server derives from many objects (roll-ups, lights, queues, bulletins): no
// normalised object holds them, so a write that can change them drops them from the cache and
// every page showing them fetches them again.
const derivedFields = new Set([
  'investmentSummary',
  'planWindow',
  'reconciliation',
  'dataQuality',
  'reportingSummary',
  'reportingSeries',
  'ranking',
  'warnings',
  'warningCounts',
  'returnsDue',
  'reviewQueue',
  'bulletin',
  'problems',
]);

function dropDerived(_result: unknown, _args: unknown, cache: Cache): void {
  for (const field of cache.inspectFields('Query')) {
    if (derivedFields.has(field.fieldName)) cache.invalidate('Query', field.fieldName, field.arguments ?? undefined);
  }
}

const writes = [
  'changeProjectStatus',
  'submitProgressReport',
  'updateProject',
  'setAnnualPlan',
  'submitMonthlyReturn',
  'reviewMonthlyReturn',
  'updateWarningRules',
  'publishPeriod',
  'raiseProblem',
  'updateProblem',
  'resolveProblem',
];

export function makeClient(onUnauthenticated: () => void): Client {
  return new Client({
    url: '/graphql',
    exchanges: [
      cacheExchange({
        keys: embeddedTypes,
        resolvers: {
          Project: { history: relayPagination() },
        },
        updates: { Mutation: Object.fromEntries(writes.map((name) => [name, dropDerived])) },
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
