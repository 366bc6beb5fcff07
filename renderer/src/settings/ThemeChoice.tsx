import type { ThemeChoice as Theme } from '../hooks/use-theme.ts';
import { ChoiceGroup } from './ChoiceGroup.tsx';

const CHOICES: { value: Theme; label: string }[] = [
  { value: 'system', label: 'Follow the system' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

/** System, light or dark (the same choice as the Theme menu in the header). */
export function ThemeChoice({ value, onChange }: { value: Theme; onChange: (value: Theme) => void }) {
  return <ChoiceGroup legend="Theme" name="theme" value={value} onChange={onChange} choices={CHOICES} inline />;
}
