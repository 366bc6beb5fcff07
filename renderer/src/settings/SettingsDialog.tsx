import { useEffect, useId, useRef, useState } from 'react';
import type { DesktopSettings } from '../hooks/use-desktop-settings.ts';
import { AboutApp } from './AboutApp.tsx';
import { SettingsForm } from './SettingsForm.tsx';
import './settings.css';

/**
 * The desktop app's settings in a modal <dialog>: opened on mount, closed by Escape, Cancel or a change
 * that needs no restart (then `onClose`). While the server restarts it stays open.
 */
export function SettingsDialog({ desktop, onClose }: { desktop: DesktopSettings; onClose: () => void }) {
  const id = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const [busy, setBusy] = useState(false);
  // Chromium lets a page hold back Escape (cancel) only once per user activation; a dialog closed while the
  // server restarts is opened again, so the learner sees the restart through.
  const busyNow = useRef(false);
  const markBusy = (value: boolean) => {
    busyNow.current = value;
    setBusy(value);
  };
  useEffect(() => {
    if (dialog.current && !dialog.current.open) dialog.current.showModal();
  }, []);
  const close = () => dialog.current?.close();
  return (
    <dialog
      ref={dialog}
      className="settings-dialog"
      aria-labelledby={`${id}-title`}
      data-testid="settings-dialog"
      onClose={() => {
        if (busyNow.current) dialog.current?.showModal();
        else onClose();
      }}
      onCancel={(event) => {
        if (busy) event.preventDefault();
      }}
    >
      <h2 id={`${id}-title`}>Settings</h2>
      {desktop.settings ? (
        <SettingsForm
          saved={desktop.settings}
          save={desktop.save}
          onBusy={markBusy}
          onApplied={close}
          onCancel={close}
        />
      ) : (
        <p className={desktop.loadError ? 'error-note' : 'muted'} role="status">
          {desktop.loadError ? `The settings could not be read: ${desktop.loadError}` : 'Reading the settings…'}
        </p>
      )}
      <AboutApp />
    </dialog>
  );
}
