import { LAB_FRAME_HOST_ID } from './xss-attack-view.ts';

/** The id of the one frame the attack labs open (a new one replaces it). */
const FRAME_ID = 'lab-attack-frame';

/**
 * Opens a page of the app's own origin in a frame of this window (the desktop window opens no new windows, and a
 * frame works there and in a browser alike), and resolves once it has loaded, with the frames it holds (a frame's
 * load waits for theirs). The frame is shown where the open lab made room for it (lab 5's panel), else hidden.
 */
export function openLabFrame(src: string): Promise<void> {
  closeLabFrame();
  const frame = document.createElement('iframe');
  frame.id = FRAME_ID;
  const host = document.getElementById(LAB_FRAME_HOST_ID);
  if (host) {
    frame.title = 'The lab attack page, as the browser shows it';
    frame.className = 'lab-frame';
  } else {
    frame.title = 'Lab attack page (hidden)';
    frame.hidden = true;
    frame.tabIndex = -1;
  }
  return new Promise((resolve) => {
    frame.addEventListener('load', () => resolve(), { once: true });
    frame.src = src;
    (host ?? document.body).append(frame);
  });
}

/**
 * Sends a message to the page inside the open lab frame (a page of another origin, framed by the app's own frame
 * page) and resolves with its answer, which must come from `origin` and pass `accept`; rejects after `timeoutMs`.
 */
export function askFramedPage<T>(
  message: unknown,
  origin: string,
  accept: (data: unknown) => T | null,
  timeoutMs = 10_000,
): Promise<T> {
  const frame = document.getElementById(FRAME_ID) as HTMLIFrameElement | null;
  const inner = frame?.contentWindow?.frames[0];
  if (!inner) return Promise.reject(new Error('the lab frame holds no page to ask'));
  return new Promise((resolve, reject) => {
    const done = (finish: () => void) => {
      clearTimeout(timer);
      window.removeEventListener('message', onMessage);
      finish();
    };
    const onMessage = (event: MessageEvent) => {
      if (event.origin !== origin || event.source !== inner) return;
      const answer = accept(event.data);
      if (answer !== null) done(() => resolve(answer));
    };
    const timer = setTimeout(
      () => done(() => reject(new Error(`the page at ${origin} did not answer within ${timeoutMs / 1_000} s`))),
      timeoutMs,
    );
    window.addEventListener('message', onMessage);
    inner.postMessage(message, origin);
  });
}

/** Whether the open lab frame (if any) is a page under `path` of the app (another lab may have replaced it). */
export function labFrameShows(path: string): boolean {
  const frame = document.getElementById(FRAME_ID) as HTMLIFrameElement | null;
  return frame !== null && new URL(frame.src, window.location.href).pathname === path;
}

/** Removes the attack frame, if one is open. */
export function closeLabFrame(): void {
  document.getElementById(FRAME_ID)?.remove();
}
