import { Transform, type TransformCallback } from 'node:stream';

/**
 * The event stream's pipe to one window: frames written in the same turn of the event loop leave as one chunk.
 * Under load every exchange is a frame or more, and a socket write per frame cost the server as much as the answers
 * themselves; one write per turn costs the same however many exchanges the turn finished. A frame waits at most
 * until the loop's next check phase, so the window sees it as soon as before to the eye.
 */
export class SseBatch extends Transform {
  #pending: string[] = [];
  #scheduled = false;

  constructor() {
    super({ decodeStrings: false });
  }

  override _transform(chunk: unknown, _encoding: BufferEncoding, done: TransformCallback): void {
    this.#pending.push(typeof chunk === 'string' ? chunk : String(chunk));
    if (!this.#scheduled) {
      this.#scheduled = true;
      setImmediate(() => this.#send());
    }
    done();
  }

  override _flush(done: TransformCallback): void {
    this.#send();
    done();
  }

  #send(): void {
    this.#scheduled = false;
    if (this.#pending.length === 0 || this.destroyed) return;
    const text = this.#pending.join('');
    this.#pending = [];
    this.push(text);
  }
}
