import { useRef, useState } from 'react';
import type { DesktopSettings } from '../hooks/use-desktop-settings.ts';
import { SettingsDialog } from './SettingsDialog.tsx';

/** The header's Settings button (desktop app only) and the dialog it opens; focus comes back to it on close. */
export function SettingsButton({ desktop }: { desktop: DesktopSettings }) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  return (
    <>
      <button
        ref={button}
        type="button"
        aria-haspopup="dialog"
        onClick={() => setOpen(true)}
        data-testid="settings-open"
      >
        Settings
      </button>
      {open && (
        <SettingsDialog
          desktop={desktop}
          onClose={() => {
            setOpen(false);
            button.current?.focus();
          }}
        />
      )}
    </>
  );
}
