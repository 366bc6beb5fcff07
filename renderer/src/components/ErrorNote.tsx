import type { ApiError } from '../api/client.ts';

/** An error answer as the learner sees it: its stable code first, then the server's message. */
export function ErrorNote({ error, testId }: { error: ApiError | null; testId?: string }) {
  if (!error) return null;
  return (
    <p className="error-note" role="alert" data-testid={testId}>
      <code className="error-code">{error.code}</code> {error.message}
    </p>
  );
}
