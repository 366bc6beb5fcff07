import type { ThemeChoice } from '../hooks/use-theme.ts';

/** System / light / dark. */
export function ThemeToggle({ choice, onChange }: { choice: ThemeChoice; onChange: (choice: ThemeChoice) => void }) {
  return (
    <label className="theme-toggle">
      Theme{' '}
      <select value={choice} onChange={(event) => onChange(event.target.value as ThemeChoice)}>
        <option value="system">Follow the system</option>
        <option value="light">Light</option>
        <option value="dark">Dark</option>
      </select>
    </label>
  );
}
