/** The id of the one frame the attack labs open (a new one replaces it). */
const FRAME_ID = 'lab-attack-frame';

/**
 * Opens a page of the app's own origin in a hidden frame of this window (the desktop window opens no new
 * windows, and a frame works there and in a browser alike), and resolves once it has loaded.
 */
export function openLabFrame(src: string): Promise<void> {
  closeLabFrame();
  const frame = document.createElement('iframe');
  frame.id = FRAME_ID;
  frame.title = 'Lab attack page (hidden)';
  frame.hidden = true;
  frame.tabIndex = -1;
  return new Promise((resolve) => {
    frame.addEventListener('load', () => resolve(), { once: true });
    frame.src = src;
    document.body.append(frame);
  });
}

/** Removes the attack frame, if one is open. */
export function closeLabFrame(): void {
  document.getElementById(FRAME_ID)?.remove();
}
