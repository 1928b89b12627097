import type { Architecture } from "../architecture/architecture";

const HUGGING_FACE_REPO = /^https:\/\/huggingface\.co\/([^/]+\/[^/]+)\//;

/**
 * The weights path an emitted command loads: the one given, else the Hugging Face repository an architecture's
 * sources cite (`https://huggingface.co/<org>/<name>/...`), else the placeholder `<model>` with a note.
 *
 * @param given - an explicit path or repository (wins)
 * @param architecture - the resolved architecture, if known
 * @param notes - where the placeholder note goes
 * @returns the path or repository id
 */
export function modelPath(given: string | undefined, architecture: Architecture | undefined, notes: string[]): string {
  if (given !== undefined) return given;
  for (const source of architecture?.sources ?? []) {
    const match = source.url === undefined ? null : HUGGING_FACE_REPO.exec(source.url);
    if (match?.[1] !== undefined) {
      notes.push(
        `weights: ${match[1]} (the Hugging Face repository the architecture's shape comes from); pass a quantized checkpoint's path where the weight format needs one`,
      );
      return match[1];
    }
  }
  notes.push("weights: replace <model> with the checkpoint's path or Hugging Face repository");
  return "<model>";
}
