import { clip } from '../../../shared/logic/health/raw';

// The errors an API request ends with, and how a server's error answer becomes one.

/** An HTTP error from the API server, with its status (401, 403, 404, 410, 429, 5xx…). */
export class ApiError extends Error {
  readonly statusCode: number;
  readonly reason: string | undefined;
  constructor(statusCode: number, message: string, reason?: string) {
    super(message);
    this.name = 'ApiError';
    this.statusCode = statusCode;
    this.reason = reason;
  }
}

/** Messages taken from a server's answer are cut to this many characters (UI, logs). */
export const MAX_SERVER_MESSAGE_CHARS = 300;

/** A request that got no answer in time. */
export class TimeoutError extends Error {
  readonly code = 'ETIMEDOUT';
  constructor(message: string) {
    super(message);
    this.name = 'TimeoutError';
  }
}

/** The error a server's non-2xx answer means: its Status message when the body is one. */
export function apiErrorFrom(status: number, text: string): ApiError {
  try {
    const s = JSON.parse(text) as { message?: unknown; reason?: unknown };
    const message = typeof s.message === 'string' ? s.message : undefined;
    const reason = typeof s.reason === 'string' ? s.reason.slice(0, 100) : undefined;
    return new ApiError(status, serverMessage(message) ?? `HTTP ${status}`, reason);
  } catch {
    return new ApiError(status, serverMessage(text) ?? `HTTP ${status}`);
  }
}

/** A message from a server's answer, trimmed and cut for the UI and the logs. */
export function serverMessage(text: string | undefined): string | undefined {
  return clip(text, MAX_SERVER_MESSAGE_CHARS) ?? undefined;
}
