import type { WriteOp, WriteResult } from './types.ts';
import { NotAnIntegerError, StoreUnavailableError, WrongTypeError } from '../errors.ts';

/** Reads a write's reply the way the interface answers it (see {@link WriteResult}). */
export function resultOf(op: WriteOp, reply: unknown): WriteResult {
  switch (op.op) {
    case 'set':
      return reply === 'OK';
    case 'pexpire':
    case 'persist':
      return reply === 1;
    default:
      return Number(reply);
  }
}

/**
 * Maps what ioredis throws onto the store's errors: WRONGTYPE → {@link WrongTypeError}, any other
 * server reply error stays as it is (a bug), and everything else (closed, refused, timed out) is
 * {@link StoreUnavailableError}.
 */
export function translate(error: unknown): Error {
  if (
    error instanceof StoreUnavailableError ||
    error instanceof WrongTypeError ||
    error instanceof NotAnIntegerError ||
    error instanceof RangeError
  )
    return error;
  const err = error as Error;
  if (err.name === 'ReplyError') {
    if (err.message.startsWith('WRONGTYPE')) return new WrongTypeError(err.message);
    if (err.message.includes('not an integer') || err.message.includes('would overflow'))
      return new NotAnIntegerError(err.message);
    return err;
  }
  return new StoreUnavailableError(`Redis did not answer: ${err.message}`, { cause: err });
}
