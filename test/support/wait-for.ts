/**
 * Resolves with the first value `take` returns that is not undefined, polling every 10 ms; rejects
 * after `timeoutMs` with `what` in the message. For waiting on real events, never for timing.
 */
export async function waitFor<T>(
  what: string,
  take: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 5_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await take();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
