// Exports are fetched with the bearer header (a plain link could not carry it, and the token must
// not go into a URL), then saved from the answer.
import { token } from './session';

export async function download(path: string, filename: string): Promise<void> {
  const response = await fetch(path, { headers: { authorization: `Bearer ${token.value ?? ''}` } });
  if (!response.ok) throw new Error(await response.text());
  const blob = await response.blob();
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = filename;
  link.click();
  URL.revokeObjectURL(link.href);
}
