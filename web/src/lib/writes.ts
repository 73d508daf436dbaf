// What a write answered, as the forms show it: saved (with the new version), refused with
// messages, or a CONFLICT: someone changed the project since the form loaded it. A conflict is
// never retried with the newer version behind the user's back; the form keeps what was typed and
// offers to reload the project, so the user decides with the new figures in view.
import { ref } from 'vue';

export interface UserError {
  field?: string | null;
  message: string;
  code: string;
  currentVersion?: number | null;
  changedFields?: string[] | null;
}

export interface Outcome {
  kind: 'saved' | 'refused' | 'conflict';
  version?: number;
  messages: string[];
  changedFields: string[];
}

export function useWrite() {
  const busy = ref(false);
  const outcome = ref<Outcome | null>(null);

  async function run(
    send: () => Promise<{ errors: UserError[]; version?: number | null; failed?: string | null }>,
  ): Promise<boolean> {
    busy.value = true;
    outcome.value = null;
    try {
      const { errors, version, failed } = await send();
      if (failed) {
        outcome.value = { kind: 'refused', messages: [failed], changedFields: [] };
        return false;
      }
      const conflict = errors.find((e) => e.code === 'CONFLICT');
      if (conflict) {
        outcome.value = {
          kind: 'conflict',
          version: conflict.currentVersion ?? undefined,
          messages: [conflict.message],
          changedFields: conflict.changedFields ?? [],
        };
        return false;
      }
      if (errors.length) {
        outcome.value = {
          kind: 'refused',
          messages: errors.map((e) => (e.field ? `${e.field}: ${e.message}` : e.message)),
          changedFields: [],
        };
        return false;
      }
      outcome.value = { kind: 'saved', version: version ?? undefined, messages: [], changedFields: [] };
      return true;
    } finally {
      busy.value = false;
    }
  }

  return { busy, outcome, run };
}
