import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LabKidNotFoundError } from './jwt-lab-errors.ts';

/** What `keys/target` holds: nothing secret, only what it is. */
const TARGET_NOTE = 'The lab target keeps no key here: this folder only mimics a key directory.\n';

/** A file the naive verifier read for a `kid`: where it stands in the lab's tiny filesystem, and its bytes. */
export interface KidFile {
  /** The path as the naive verifier resolved it, from the folder's root: `/dev/null`, `/keys/target`. */
  path: string;
  bytes: Buffer;
}

/**
 * The folder the naive verifier reads `kid` from, as a careless server reads `/keys/<kid>`: a per-launch temp folder
 * under the system's temp directory that mimics a tiny filesystem root, with `keys/target` (nothing secret) and
 * `dev/null` (an empty file). `path.posix.normalize('/keys/' + kid)` can climb no higher than that root, so
 * `../../../../dev/null` reads the folder's own empty `dev/null`, and nothing outside the folder is ever read.
 */
export class JwtKidFolder {
  /** The folder's root on disk. */
  readonly root: string;

  constructor() {
    this.root = mkdtempSync(path.join(os.tmpdir(), 'sl-jwt-kid-'));
    mkdirSync(path.join(this.root, 'keys'));
    mkdirSync(path.join(this.root, 'dev'));
    writeFileSync(path.join(this.root, 'keys', 'target'), TARGET_NOTE);
    writeFileSync(path.join(this.root, 'dev', 'null'), '');
  }

  /** Reads the file `kid` names; refuses (401 LAB_KID_NOT_FOUND) one that is not a file in the folder. */
  read(kid: string): KidFile {
    const inside = path.posix.normalize(`/keys/${kid}`);
    const file = path.join(this.root, inside);
    // normalize keeps a leading '/' from climbing; this check is the second lock on the same door.
    if (!file.startsWith(this.root + path.sep) || kid.includes('\0'))
      throw new LabKidNotFoundError(`kid ${JSON.stringify(kid)} names nothing inside the lab's folder`);
    try {
      return { path: inside, bytes: readFileSync(file) };
    } catch {
      throw new LabKidNotFoundError(`kid ${JSON.stringify(kid)} names ${inside}, which is no file in the lab's folder`);
    }
  }

  /** Removes the folder (the labs' closers call it). */
  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}
