/**
 * The one error the mapping language throws. `position` is the 0-based character offset in the
 * template text where the problem starts, so the engine can say "scenario X, module 3, field email,
 * at character 12".
 */
export class ExpressionError extends Error {
  override readonly name = 'ExpressionError';
  readonly position: number;
  /** The mapper field (e.g. `email_address.address`), when evaluateMapper was evaluating one. */
  readonly field: string | undefined;

  constructor(message: string, position: number, field?: string) {
    super(message);
    this.position = position;
    this.field = field;
  }
}

/** Something that did not stop evaluation but that the run must record (a reference that found nothing). */
export interface ExpressionWarning {
  readonly message: string;
  readonly position: number;
  /** The reference as written, e.g. `1.email_address.address`, when the warning is about one. */
  readonly reference?: string;
  /** The mapper field, when evaluateMapper was evaluating one. */
  readonly field?: string;
}
