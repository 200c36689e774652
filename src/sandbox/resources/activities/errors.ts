/**
 * An activity's `activity_errors`: plain strings (facts §8.2). The API does not say how many it keeps;
 * the sandbox keeps the first 1,000 and ends the array with a count of the rest, so a 40,000-row
 * import full of errors still answers a reasonable GET.
 */
export const MAX_ACTIVITY_ERRORS = 1000;

/** An ErrorLog as a plain value, carried from one slice of an activity's work to the next. */
export interface ErrorLogState {
  messages: string[];
  dropped: number;
}

export class ErrorLog {
  private readonly messages: string[] = [];
  private dropped = 0;

  static from(state: ErrorLogState | undefined): ErrorLog {
    const log = new ErrorLog();
    if (state) {
      log.messages.push(...state.messages);
      log.dropped = state.dropped;
    }
    return log;
  }

  state(): ErrorLogState {
    return { messages: [...this.messages], dropped: this.dropped };
  }

  add(message: string): void {
    if (this.messages.length < MAX_ACTIVITY_ERRORS) this.messages.push(message);
    else this.dropped++;
  }

  list(): string[] {
    return this.dropped > 0 ? [...this.messages, `...and ${this.dropped} more errors.`] : [...this.messages];
  }
}
