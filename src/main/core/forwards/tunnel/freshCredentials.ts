import { DialError } from './dialer';

/**
 * Opens a way in, and once more when the API server rejected the credentials (401): the failed
 * attempt dropped the cached ones (`upgradeOptions().invalidate`), so the second one reads a
 * rotated token file again or runs the exec plugin again — what ApiClient does for API calls.
 * One retry only: credentials that are rejected fresh are wrong, and the 401 is the answer.
 */
export async function withFreshCredentials<T>(open: () => Promise<T>): Promise<T> {
  try {
    return await open();
  } catch (err) {
    if (!(err instanceof DialError) || err.failure !== 'unauthorized') throw err;
    return await open();
  }
}
