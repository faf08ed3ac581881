// 执法队伍: certificate status and the qualification share the reform plan sets as a target.
// Pure: used by the API and by tests.
import type { IsoDate } from './iso-date.ts';
import { OFFICER_ROLES, type Role } from './roles.ts';

/**
 * 玉溪市深化应急管理综合行政执法改革实施方案, 二、主要任务 （三）加强执法队伍建设: officers with
 * 应急管理相关学历、职业资格和实践经验 shall be no fewer than 75% of the serving enforcement
 * officers by the end of 2022. A plan target, not a statute: a later plan may change it, so it
 * is one row here (percent, source) and the page shows it with its source.
 */
export const QUALIFIED_SHARE_TARGET = {
  id: 'QUALIFIED_SHARE_TARGET',
  percent: 75,
  label: '具有应急管理相关学历、职业资格和实践经验的执法人员占在职执法人员比例',
  source: {
    instrument: '《玉溪市深化应急管理综合行政执法改革实施方案》',
    article: '二、主要任务（三）加强执法队伍建设（“到2022年年底不低于应急管理在职执法人员的75%”）',
  },
} as const;

export type CertificateStatus = 'VALID' | 'EXPIRING' | 'EXPIRED' | 'NOT_YET_VALID' | 'REVOKED' | 'NONE';

export const CERTIFICATE_STATUS_LABELS: Readonly<Record<CertificateStatus, string>> = {
  VALID: '有效', EXPIRING: '即将到期', EXPIRED: '已过期', NOT_YET_VALID: '尚未生效', REVOKED: '已吊销', NONE: '无执法证',
};

export interface CertificateDates { validFrom: IsoDate; validUntil: IsoDate; revoked: boolean }

/**
 * A certificate's status on `today` (both ends of validity included, as store/users.ts counts
 * them); EXPIRING from the reminder day on (`remindFrom`, computed from the policy row).
 */
export function certificateStatus(c: CertificateDates | undefined, today: IsoDate, remindFrom?: IsoDate): CertificateStatus {
  if (!c) return 'NONE';
  if (c.revoked) return 'REVOKED';
  if (today < c.validFrom) return 'NOT_YET_VALID';
  if (today > c.validUntil) return 'EXPIRED';
  if (remindFrom && today >= remindFrom) return 'EXPIRING';
  return 'VALID';
}

/** The officer's certificate that counts: the valid one ending last, else the latest one. */
export function currentCertificate<T extends CertificateDates>(certs: readonly T[], today: IsoDate): T | undefined {
  const byEnd = [...certs].sort((a, b) => (a.validUntil < b.validUntil ? 1 : a.validUntil > b.validUntil ? -1 : 0));
  return byEnd.find((c) => !c.revoked && c.validFrom <= today && today <= c.validUntil) ?? byEnd[0];
}

/** Serving enforcement officers: active users holding an officer role (rules/roles.ts). */
export const isOfficer = (u: { roles: readonly string[]; active: boolean }) =>
  u.active && u.roles.some((r) => (OFFICER_ROLES as readonly Role[]).includes(r as Role));

export interface QualifiedShare { officers: number; qualified: number; percent: number | null; meetsTarget: boolean | null; targetPercent: number }

/** The share of officers with at least one recorded relevant qualification, against the target. */
export function qualifiedShare(officers: readonly { qualifications: readonly string[] }[], targetPercent: number = QUALIFIED_SHARE_TARGET.percent): QualifiedShare {
  const qualified = officers.filter((o) => o.qualifications.some((q) => q.trim() !== '')).length;
  if (officers.length === 0) return { officers: 0, qualified: 0, percent: null, meetsTarget: null, targetPercent };
  // 以上/不低于 includes the figure itself: compare in whole numbers, never in rounded percents.
  const meetsTarget = qualified * 100 >= targetPercent * officers.length;
  return { officers: officers.length, qualified, percent: Math.round((qualified * 1000) / officers.length) / 10, meetsTarget, targetPercent };
}
