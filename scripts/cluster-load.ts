// Synthetic leads for the cluster's smoke test, bench and load run.
import { usccCheckDigit } from '../rules/uscc.ts';

/** A valid lead for 红塔区, unique per i, in the shape the registration page sends. */
export function leadOf(i: number) {
  const first17 = `91530402MC${String(i % 10_000_000).padStart(7, '0')}`;
  return {
    party: { kind: 'ORG', name: `集群测试化工有限公司-${i}`, idNumber: first17 + usccCheckDigit(first17) },
    catalogItemId: 'AQ-099-1', source: 'INSPECTION',
    facts: '检查发现储罐区未设置明显的安全警示标志。', occurredAt: new Date(Date.now() - 86_400_000).toISOString(), harmToLife: false,
  };
}
