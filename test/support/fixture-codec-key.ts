import type { CodecKey } from '../../infra/payload-codec.ts';

/** Test-only key of the recorded replay histories: it protects nothing but fixtures, and is never configured outside tests. */
export const FIXTURE_CODEC_KEY: CodecKey = {
  id: 'replay-fixtures',
  key: Buffer.from('f1cWcI9bnAzBdOxmT4jvgBd7uaiq0POXWrmnN0W2D2Q=', 'base64'),
};
