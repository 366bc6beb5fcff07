import { describe, expect, it } from 'vitest';
import { summarizeUserAgent } from '../../../server/auth/user-agent.ts';

describe('summarizeUserAgent', () => {
  it('names the browser, its major version and the system', () => {
    expect(
      summarizeUserAgent(
        'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36',
      ),
    ).toBe('Chrome 156 on Linux');
    expect(
      summarizeUserAgent(
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36 Edg/140.0.0.0',
      ),
    ).toBe('Edge 140 on Windows');
    expect(
      summarizeUserAgent('Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:140.0) Gecko/20100101 Firefox/140.0'),
    ).toBe('Firefox 140 on macOS');
    expect(
      summarizeUserAgent(
        'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1',
      ),
    ).toBe('Safari 18 on iOS');
    expect(summarizeUserAgent('curl/8.5.0')).toBe('curl 8');
  });

  it('keeps the first 40 characters of an agent it does not know', () => {
    expect(summarizeUserAgent('LabClient/1.0')).toBe('LabClient/1.0');
    expect(summarizeUserAgent('x'.repeat(100))).toHaveLength(40);
    expect(summarizeUserAgent('')).toBe('unknown');
  });
});
