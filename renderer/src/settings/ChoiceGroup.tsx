import { useId, type ReactNode } from 'react';

/** One radio of a {@link ChoiceGroup}: its label, what it means, and anything that belongs to it (an input). */
export interface Choice<V extends string> {
  value: V;
  label: string;
  description?: string;
  extra?: ReactNode;
}

/** A labelled radio group (one radio per line, or `inline`): the label names each radio, the description is read after it. */
export function ChoiceGroup<V extends string>({
  legend,
  hint,
  name,
  value,
  choices,
  onChange,
  inline = false,
}: {
  legend: string;
  hint?: string;
  name: string;
  value: V;
  choices: Choice<V>[];
  onChange: (value: V) => void;
  inline?: boolean;
}) {
  const id = useId();
  return (
    <fieldset
      className={inline ? 'choice-group inline' : 'choice-group'}
      aria-describedby={hint ? `${id}-hint` : undefined}
    >
      <legend>{legend}</legend>
      {hint && (
        <p className="muted choice-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {choices.map((choice) => {
        const inputId = `${id}-${choice.value}`;
        return (
          <div className="choice" key={choice.value}>
            <input
              type="radio"
              id={inputId}
              name={name}
              value={choice.value}
              checked={value === choice.value}
              onChange={() => onChange(choice.value)}
              aria-describedby={choice.description ? `${inputId}-description` : undefined}
            />
            <label htmlFor={inputId}>{choice.label}</label>
            {choice.description && (
              <span className="choice-description" id={`${inputId}-description`}>
                {choice.description}
              </span>
            )}
            {choice.extra}
          </div>
        );
      })}
    </fieldset>
  );
}
