/** Errors of the connectors' HTTP client (re-exported by ../http-client.ts). */

/**
 * A request that did not get an accepted answer: a status that is neither 2xx nor accepted, retries
 * exhausted, or (status 0) a network error or timeout on the last attempt.
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly url: string,
    readonly body: string,
    message = `GET ${url} answered ${status}`,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/**
 * A platform's rate limit asks for a longer wait than `maxWaitSeconds`: the client gives up at
 * once instead of sleeping (the run can stop and resume later, after `waitSeconds`).
 */
export class RateLimitWaitError extends HttpError {
  constructor(
    status: number,
    url: string,
    body: string,
    /** How long the platform asked to wait. */
    readonly waitSeconds: number,
    readonly host: string,
    readonly reason: string,
    maxWaitSeconds: number,
  ) {
    super(
      status,
      url,
      body,
      `GET ${url}: rate limit of ${host} (${reason}) asks to wait ${waitSeconds} s, longer than the maximum wait of ${maxWaitSeconds} s`,
    );
    this.name = 'RateLimitWaitError';
  }
}
