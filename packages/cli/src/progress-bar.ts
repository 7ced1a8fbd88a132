/** Where a progress bar draws: `redraw` rewrites the current terminal line; without it, whole lines. */
export interface ProgressOutput {
  /** Writes text without a newline to a terminal (for `\r` redraws); absent when not a terminal. */
  redraw?: (text: string) => void;
  /** Writes one line. */
  line: (text: string) => void;
}

/** A progress bar over a known number of steps. */
export interface ProgressBar {
  /** Reports that `done` of the steps are finished, with a short note (`1,234 needs`). */
  update(done: number, note: string): void;
  /** Ends the bar: on a terminal, moves to the next line. */
  finish(): void;
}

const WIDTH = 24;

/**
 * A progress bar on standard error: redrawn in place on a terminal, else one line each time
 * another tenth of the steps is done (so logs stay short).
 */
export function progressBar(output: ProgressOutput, total: number, label: string): ProgressBar {
  let tenths = 0;
  let drawn = false;
  const text = (done: number, note: string) => {
    const share = total === 0 ? 1 : Math.min(done / total, 1);
    const filled = Math.round(share * WIDTH);
    const bar = `${"█".repeat(filled)}${"░".repeat(WIDTH - filled)}`;
    return `${label} ${bar} ${String(Math.floor(share * 100)).padStart(3)}% ${done}/${total} ${note}`;
  };
  return {
    update(done, note) {
      if (output.redraw) {
        output.redraw(`\r${text(done, note)}\x1b[K`);
        drawn = true;
        return;
      }
      const reached = total === 0 ? 10 : Math.floor((Math.min(done, total) * 10) / total);
      if (reached > tenths) {
        tenths = reached;
        output.line(text(done, note));
      }
    },
    finish() {
      if (output.redraw && drawn) output.redraw("\n");
      drawn = false;
    },
  };
}
