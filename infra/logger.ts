import { pino, type DestinationStream, type Logger } from 'pino';

// Personal data and credentials never reach the logs: these paths are censored wherever they
// appear — the session cookie both ways (request cookie, response set-cookie), bearer tokens,
// the CSRF token and the payment channel's shared secret.
const redact = {
  paths: [
    'password', '*.password', '*.currentPassword', '*.newPassword', '*.token',
    'req.headers.authorization', 'req.headers["proxy-authorization"]', 'req.headers.cookie', 'req.headers["x-csrf-token"]',
    'req.headers["x-payment-channel-token"]', 'res.headers["set-cookie"]', 'headers.cookie', 'headers.authorization', 'headers["set-cookie"]',
    '*.partyIdNumber', '*.phone', '*.idNumber',
  ],
  censor: '[masked]',
};

export function createLogger(level = process.env.LOG_LEVEL ?? 'info', name = 'zhifa', destination?: DestinationStream): Logger {
  return destination ? pino({ name, level, redact }, destination) : pino({ name, level, redact });
}
