/** What the admin API lists per dead letter (no Worker types: the CLI reads it too). */
export interface DeadLetterSummary {
  deliveryId: string;
  eventId: string;
  route: string;
  attempts: number;
  lastStatus?: number;
  lastError: string;
  receivedAt: number;
  deadAt: number;
  bodyBytes: number;
  /** The stored body had expired before delivery: the record is kept for the operator, but cannot be replayed. */
  bodyLost?: true;
}
