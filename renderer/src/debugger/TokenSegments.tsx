const SEGMENT_CLASSES = ['jwt-header', 'jwt-payload', 'jwt-signature'];

/** A compact token with its header, payload and signature in their colours (extra segments uncoloured); its text is the token alone. */
export function TokenSegments({ token, testId }: { token: string; testId?: string }) {
  const parts = token.split('.');
  return (
    <code className="jwt-token" data-testid={testId}>
      {parts.map((part, index) => (
        <span key={index}>
          {index > 0 && <span className="jwt-dot">.</span>}
          <span className={SEGMENT_CLASSES[index] ?? 'jwt-extra'}>{part}</span>
        </span>
      ))}
    </code>
  );
}
