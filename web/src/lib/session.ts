// The token lives in this tab's sessionStorage only: it is sent as a bearer header, never put in a
// URL (so it reaches no log line or history) and never in localStorage (so it does not outlive the
// tab or leak to other tabs).
import { ref } from 'vue';
import type { MeQuery } from '../gql/graphql';

const KEY = 'portfolio.token';

export type Me = MeQuery['me'];

export const token = ref<string | null>(sessionStorage.getItem(KEY));
export const me = ref<Me | null>(null);

export function keepToken(secret: string): void {
  sessionStorage.setItem(KEY, secret);
  token.value = secret;
}

export function forgetToken(): void {
  sessionStorage.removeItem(KEY);
  token.value = null;
  me.value = null;
}

/** Whether the signed-in caller may change this project (the server decides in the end). */
export function canWrite(projectKey: string): boolean {
  const who = me.value;
  return !!who && (who.canWriteAllProjects || who.projectKeys.includes(projectKey));
}
