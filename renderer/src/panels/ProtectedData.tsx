import type { TokenData } from '../../../shared/api/tokens.ts';

/** What the protected call answered. */
export function ProtectedData({ data }: { data: TokenData }) {
  return (
    <div className="protected-data" data-testid="token-data">
      <p>
        <strong>200 OK</strong> for {data.subject.username} ({data.subject.role}), token sent as{' '}
        {data.via === 'bearer' ? 'Authorization: Bearer' : 'the sl_access cookie'}:
      </p>
      <ul>
        {data.data.map((item) => (
          <li key={item.id}>
            {item.title} <span className="muted">({item.classification})</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
