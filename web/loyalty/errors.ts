/**
 * A failure the caller can act on: a stable code for programs, a message for people, an HTTP status, and optional
 * details for programs that show more than the message (the settings' problems by field), added to the JSON body.
 */
export class LoyaltyError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number = 400,
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
    this.name = 'LoyaltyError';
  }
}
