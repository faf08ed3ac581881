// 行政处罚时效 (CF Art 36 ①; AB25 Art 35(四)): no penalty once a violation went undiscovered
// for 2 years, or 5 years where citizens' life or health was endangered with harmful
// consequences; counted from the act, or from its end if it continued.
export const LIMITATION_YEARS = { ordinary: 2, lifeOrHealth: 5 } as const;

export function limitationExpired(occurredAt: Date, discoveredAt: Date, harmToLife: boolean): boolean {
  const years = harmToLife ? LIMITATION_YEARS.lifeOrHealth : LIMITATION_YEARS.ordinary;
  const bar = new Date(occurredAt);
  bar.setUTCFullYear(bar.getUTCFullYear() + years);
  return discoveredAt.getTime() > bar.getTime();
}
