import type { Config } from '../config.ts';
import type { JwtAlgorithm } from './key-ring.ts';

/** The token switches a lab may flip at run time. */
export interface TokenSettings {
  algorithm: JwtAlgorithm;
  delivery: 'body' | 'cookie';
  denylist: 'on' | 'off';
  accessTtlMs: number;
}

/** The switches as the config starts them. */
export function initialTokenSettings(config: Config): TokenSettings {
  return {
    algorithm: config.jwtAlgorithm,
    delivery: config.tokenDelivery,
    denylist: config.denylist,
    accessTtlMs: config.accessTokenTtlMs,
  };
}
