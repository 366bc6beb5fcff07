import { useId } from 'react';
import { parseJsonObject } from './jwt-parts.ts';

/** One labelled, editable JSON textarea (the header or the payload), with its JSON error inline. */
export function JsonEditor({
  label,
  part,
  text,
  onChange,
  testId,
}: {
  label: string;
  part: 'header' | 'payload';
  text: string;
  onChange: (text: string) => void;
  testId: string;
}) {
  const id = useId();
  const parsed = text.trim() === '' ? null : parseJsonObject(text);
  const error = parsed && !parsed.ok ? `${part === 'header' ? 'Header' : 'Payload'}: ${parsed.error}` : null;
  return (
    <div className={`jwt-editor jwt-editor-${part}`}>
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        className="jwt-json"
        data-testid={testId}
        value={text}
        onChange={(event) => onChange(event.target.value)}
        rows={8}
        spellCheck={false}
        autoComplete="off"
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      />
      {error && (
        <p id={`${id}-error`} className="jwt-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
