import type { FactoryCatalog } from "@aifactory/planner";

/**
 * What every command handler receives: output that respects `--json`, notes and progress on stderr.
 *
 * @since 0.1.0
 * @category CLI
 */
export interface CliContext {
  /** Whether `--json` was given: stdout then carries only JSON. */
  readonly json: boolean;
  /** Whether `--debug` was given: errors then include stack traces. */
  readonly debug: boolean;
  /**
   * The catalog of the `--pack` options (the built-in catalogs plus every pack, in order), loaded before the
   * command runs; undefined without `--pack`, when every package uses its built-in catalog.
   */
  readonly catalog: FactoryCatalog | undefined;
  /**
   * Prints a command's result: `JSON.stringify(result)` alone on stdout under `--json`, otherwise the human
   * text that `render()` returns. Call it once per command.
   */
  print(result: unknown, render: () => string): void;
  /** Writes one line on stderr (never on stdout). */
  note(text: string): void;
  /**
   * A progress display on stderr for long work; silent when stderr is not a TTY.
   *
   * @param label - what is being done
   * @param total - the number of units of work
   */
  progress(label: string, total: number): ProgressReporter;
}

/**
 * A progress display started by {@link CliContext.progress}.
 *
 * @since 0.1.0
 * @category CLI
 */
export interface ProgressReporter {
  /** Reports how many units are done. */
  update(done: number): void;
  /** Ends the display. */
  stop(): void;
}

/**
 * Where the CLI writes: real streams in the binary, buffers in tests.
 *
 * @since 0.1.0
 * @category CLI
 */
export interface CliIo {
  /** Writes to standard output. */
  stdout(text: string): void;
  /** Writes to standard error. */
  stderr(text: string): void;
  /** Whether standard error is an interactive terminal (progress bars only then). */
  stderrIsTty: boolean;
}
