/** A failure the caller can act on: a stable code for programs, a message for people, an HTTP status. */
export class LoyaltyError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number = 400,
  ) {
    super(message);
    this.name = 'LoyaltyError';
  }
}
