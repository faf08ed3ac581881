// How long a partner's endpoint may stay down (issue 24): the Standard Webhooks guidance is
// exponential backoff over about a day, then the message is failed (dead letter) for a person to
// redeliver. Not law: an operational setting, overridable (WEBHOOK_RETRY_DELAYS_MS).

const S = 1000, M = 60 * S, H = 60 * M;

/**
 * The wait before each retry after the first attempt: 10 retries, 23 h 36 min 5 s in all, so the
 * last attempt falls within 24 h of the event. After the last one fails the delivery is dead.
 */
export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [5 * S, 1 * M, 5 * M, 30 * M, 1 * H, 2 * H, 4 * H, 8 * H, 8 * H];

/** The 24 h bound the schedule must stay within (a longer one is refused at start-up). */
export const RETRY_WINDOW_MS = 24 * H;

/** Refuses a schedule that is not a list of positive waits within the window; Chinese messages. */
export function checkRetryDelays(delays: unknown): number[] {
  if (!Array.isArray(delays) || !delays.every((d) => Number.isInteger(d) && d > 0)) {
    throw new Error('WEBHOOK_RETRY_DELAYS_MS 须为正整数（毫秒）组成的 JSON 数组');
  }
  const total = (delays as number[]).reduce((a, b) => a + b, 0);
  if (total > RETRY_WINDOW_MS) throw new Error(`WEBHOOK_RETRY_DELAYS_MS 合计 ${total} 毫秒，超过 24 小时的重试期限`);
  return delays as number[];
}
