import { useState } from 'react';

/** Copies `text` to the clipboard and says so for a moment. */
export function CopyButton({ text, label = 'Copy', what }: { text: string; label?: string; what: string }) {
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied('yes');
    } catch {
      setCopied('no');
    }
    setTimeout(() => setCopied(null), 1_500);
  };
  return (
    <button type="button" className="small" onClick={() => void copy()} aria-label={`${label} ${what}`}>
      {copied === 'yes' ? 'Copied' : copied === 'no' ? 'Copy refused' : label}
    </button>
  );
}
