/**
 * Synthetic prompts with real shared prefixes, for multi-turn sessions and trace replay (internal to the load
 * generator). A prompt is a list of segments (user text or a previous answer) with token counts; one word of the
 * synthetic text counts as one token (a short common word is one token for BPE tokenizers; the server's own
 * `usage.prompt_tokens` is what the records report when it sends one).
 */

/** A piece of a prompt: synthetic user words or a previous turn's answer, with its token count. */
export interface PromptSegment {
  role: "user" | "assistant";
  /** The segment's text as it is concatenated: synthetic segments after the first start with a space. */
  text: string;
  tokens: number;
  /** Synthetic words (cut by words) rather than a real answer (replaced by a stand-in when cut). */
  synthetic: boolean;
}

/** What a request sends: a completion prompt or chat messages, and the tokens it holds by our count. */
export interface BuiltPrompt {
  prompt: string;
  messages: Array<{ role: "user" | "assistant"; content: string }>;
  tokens: number;
}

const FILLER_WORD = "hello";
const STAND_IN_WORD = "ok";

function wordsText(first: string | undefined, count: number, word: string): string {
  const words: string[] = [];
  if (first !== undefined && count > 0) words.push(first);
  while (words.length < count) words.push(word);
  return words.join(" ");
}

/**
 * A synthetic user segment of `tokens` words; `tag` (a per-session or per-block word) comes first so that
 * different sessions share no prefix.
 */
export function userSegment(tokens: number, tag?: string): PromptSegment {
  return { role: "user", text: wordsText(tag, tokens, FILLER_WORD), tokens, synthetic: true };
}

/** A deterministic stand-in for an answer of `tokens` tokens (used when the real answer is not known). */
export function standInAnswer(tokens: number): PromptSegment {
  return { role: "assistant", text: ` ${wordsText(undefined, tokens, STAND_IN_WORD)}`, tokens, synthetic: true };
}

/** A real answer as the server streamed it. */
export function answerSegment(text: string, tokens: number): PromptSegment {
  return { role: "assistant", text, tokens, synthetic: false };
}

/** Segments joined: every segment after the first is separated by a space unless it brings its own. */
export function joinSegments(segments: readonly PromptSegment[]): PromptSegment[] {
  return segments.map((s, i) =>
    i > 0 && s.synthetic && s.role === "user" && !s.text.startsWith(" ") ? { ...s, text: ` ${s.text}` } : s,
  );
}

/**
 * The longest leading part of `segments` that holds at most `budget` tokens: whole segments while they fit, then
 * the first words of a synthetic segment, or a stand-in of the remaining length for a real answer.
 */
export function cutSegments(segments: readonly PromptSegment[], budget: number): PromptSegment[] {
  const out: PromptSegment[] = [];
  let left = Math.max(0, budget);
  for (const segment of segments) {
    if (left <= 0) break;
    if (segment.tokens <= left) {
      out.push(segment);
      left -= segment.tokens;
      continue;
    }
    if (segment.synthetic) {
      const leading = segment.text.startsWith(" ");
      const words = segment.text.trim().split(" ").slice(0, left);
      out.push({ ...segment, text: `${leading ? " " : ""}${words.join(" ")}`, tokens: left });
    } else {
      out.push(standInAnswer(left));
    }
    left = 0;
  }
  return out;
}

/** Tokens in segments, by our count. */
export function segmentTokens(segments: readonly PromptSegment[]): number {
  return segments.reduce((sum, s) => sum + s.tokens, 0);
}

/** The request payload of segments: the concatenated prompt, and chat messages (consecutive roles merged). */
export function buildPrompt(segments: readonly PromptSegment[]): BuiltPrompt {
  const joined = joinSegments(segments);
  const prompt = joined.map((s) => s.text).join("");
  const messages: BuiltPrompt["messages"] = [];
  for (const segment of joined) {
    const last = messages.at(-1);
    if (last !== undefined && last.role === segment.role) last.content += segment.text;
    else messages.push({ role: segment.role, content: segment.text });
  }
  for (const message of messages) message.content = message.content.trimStart();
  return { prompt, messages, tokens: segmentTokens(segments) };
}

/**
 * A prompt made of trace blocks (Mooncake's `hash_ids`): block `id` is always the same text of `blockTokens`
 * words, so requests whose hash ids share a leading run share that prefix. The last block is cut to what
 * `inputTokens` leaves; tokens beyond the blocks are unique to the request.
 */
export function blockSegments(
  hashIds: readonly number[],
  inputTokens: number,
  blockTokens: number,
  salt: string,
  index: number,
): PromptSegment[] {
  const segments: PromptSegment[] = [];
  let left = inputTokens;
  for (const id of hashIds) {
    if (left <= 0) break;
    const tokens = Math.min(blockTokens, left);
    segments.push(userSegment(tokens, `${salt}b${id}`));
    left -= tokens;
  }
  if (left > 0) segments.push(userSegment(left, `${salt}r${index}`));
  return segments;
}
