// Where the payload codec's keys come from (README: 负载加密密钥). Production: TEMPORAL_CODEC_KEYS
// or TEMPORAL_CODEC_KEYS_FILE, refused at start-up when neither is set (infra/config.ts). Elsewhere,
// without either, a key made once on first start in DATA_DIR (never committed: .data/ is ignored),
// so that `npm run dev` keeps reading its own histories across restarts.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { DataConverter } from '@temporalio/common';
import type { Config } from './config.ts';
import { AesGcmPayloadCodec, formatCodecKeys, newCodecKey, parseCodecKeys, type CodecKey } from './payload-codec.ts';

export const DEV_KEYS_FILE = 'temporal-codec-keys';

type KeyConfig = Pick<Config, 'NODE_ENV' | 'DATA_DIR' | 'TEMPORAL_CODEC_KEYS' | 'TEMPORAL_CODEC_KEYS_FILE'>;

export function loadCodecKeys(config: KeyConfig): CodecKey[] {
  if (config.TEMPORAL_CODEC_KEYS) return parseCodecKeys(config.TEMPORAL_CODEC_KEYS);
  if (config.TEMPORAL_CODEC_KEYS_FILE) return parseCodecKeys(readFileSync(config.TEMPORAL_CODEC_KEYS_FILE, 'utf8'), config.TEMPORAL_CODEC_KEYS_FILE);
  if (config.NODE_ENV === 'production') {
    throw new Error('Invalid configuration: TEMPORAL_CODEC_KEYS or TEMPORAL_CODEC_KEYS_FILE is required in production');
  }
  const file = path.resolve(config.DATA_DIR, DEV_KEYS_FILE);
  mkdirSync(path.dirname(file), { recursive: true });
  try {
    // 'wx': of two processes starting together, one writes and both read the same key.
    writeFileSync(file, `# development only: made on first start; production sets TEMPORAL_CODEC_KEYS\n${formatCodecKeys([newCodecKey('dev')])}\n`, { flag: 'wx', mode: 0o600 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  return parseCodecKeys(readFileSync(file, 'utf8'), file);
}

/** The data converter every Temporal client and worker of Zhifa uses. */
export const codecDataConverter = (keys: CodecKey[]): DataConverter => ({ payloadCodecs: [new AesGcmPayloadCodec(keys)] });

/** The data converter from this process's configuration (scripts and bench that build their own clients). */
export const configuredDataConverter = (config: KeyConfig): DataConverter => codecDataConverter(loadCodecKeys(config));
