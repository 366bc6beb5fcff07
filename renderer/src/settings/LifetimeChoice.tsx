import { ChoiceGroup } from './ChoiceGroup.tsx';
import { TTL_PRESETS, type TtlPresetName } from '../../../shared/settings.ts';

const CHOICES = (Object.keys(TTL_PRESETS) as TtlPresetName[]).map((name) => ({
  value: name,
  label: TTL_PRESETS[name].label,
  description: TTL_PRESETS[name].description,
}));

/** The lifetime presets of sessions and tokens, each with what it sets. */
export function LifetimeChoice({
  value,
  onChange,
}: {
  value: TtlPresetName;
  onChange: (value: TtlPresetName) => void;
}) {
  return (
    <ChoiceGroup
      legend="Session & token lifetimes"
      hint="Changing them restarts the server; sessions and tokens made before keep their old lifetimes."
      name="ttl-preset"
      value={value}
      onChange={onChange}
      choices={CHOICES}
    />
  );
}
