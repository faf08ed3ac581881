import { pino, type DestinationStream, type Logger } from 'pino';

// Personal data never reaches the logs: these paths are censored wherever they appear.
const redact = {
  paths: ['password', '*.password', 'req.headers.authorization', 'req.headers.cookie', '*.partyIdNumber', '*.phone', '*.idNumber'],
  censor: '[masked]',
};

export function createLogger(level = process.env.LOG_LEVEL ?? 'info', name = 'zhifa', destination?: DestinationStream): Logger {
  return destination ? pino({ name, level, redact }, destination) : pino({ name, level, redact });
}
