import { DEADLINES } from './deadlines.ts';

// 行政处罚时效 (CF Art 36 ①; AB25 Art 35(四)): no penalty once a violation went undiscovered
// for 2 years, or 5 years where citizens' life or health was endangered with harmful
// consequences; counted from the act, or from its end if it continued. The periods come
// from the deadline table (in months).
export function limitationRule(harmToLife: boolean) {
  return harmToLife ? DEADLINES.PENALTY_LIMITATION_LIFE_HEALTH : DEADLINES.PENALTY_LIMITATION;
}

export function limitationExpired(occurredAt: Date, discoveredAt: Date, harmToLife: boolean): boolean {
  const rule = limitationRule(harmToLife);
  const bar = new Date(occurredAt);
  bar.setUTCMonth(bar.getUTCMonth() + rule.amount);
  return discoveredAt.getTime() > bar.getTime();
}
