// Demo users. Every officer-role user (rules/roles.ts OFFICER_ROLES) holds a
// 行政执法证, except `hongta.expired`, whose certificate lapsed on purpose so that tests
// can see the refusal. Names are invented.
//
// Certificate numbers are an invented, consistent scheme — 云应急执字第{6-digit region of
// the issuing bureau}{4-digit serial}号 — not the real Yunnan format. Yunnan's 行政执法证
// are issued in the provincial government's name through the 司法行政 departments
// (verify); validity dates are demo values.

import type { Role } from '../../rules/roles.ts';

export interface SeedCertificate {
  number: string;
  issuer: string;
  /** ISO dates (the column is @db.Date) */
  validFrom: string;
  validUntil: string;
}

export interface SeedUser {
  id: string;
  username: string;
  displayName: string;
  orgId: string;
  roles: Role[];
  /** 应急管理相关学历/职业资格/实践经验 (plan: ≥ 75% of officers) */
  qualifications: string[];
  certificate?: SeedCertificate;
}

export const CERT_ISSUER = '云南省人民政府';

function cert(region: string, serial: number, validFrom = '2024-03-01', validUntil = '2029-02-28'): SeedCertificate {
  return { number: `云应急执字第${region}${String(serial).padStart(4, '0')}号`, issuer: CERT_ISSUER, validFrom, validUntil };
}

function user(username: string, displayName: string, orgId: string, roles: Role[], opts: { cert?: SeedCertificate; quals?: string[] } = {}): SeedUser {
  return {
    id: `u-${username.replace(/\./g, '-')}`,
    username,
    displayName,
    orgId,
    roles,
    qualifications: opts.quals ?? [],
    ...(opts.cert ? { certificate: opts.cert } : {}),
  };
}

const LAW = '法律职业资格（A证）';
const SAFETY = '安全工程专业本科';
const RSE = '注册安全工程师';

// username prefix, org id, region, names [head, supervisor, handler1, handler2, handler3?]
const bureauStaff = (key: string, org: string, region: string, names: string[], quals: string[][] = [], supervisorLogin = 'supervisor'): SeedUser[] => {
  const [head, supervisor, ...handlers] = names;
  return [
    user(`${key}.head`, head, org, ['HEAD'], { cert: cert(region, 1, '2023-07-01', '2028-06-30'), quals: quals[0] }),
    user(`${key}.${supervisorLogin}`, supervisor, org, ['SUPERVISOR'], { cert: cert(region, 2), quals: quals[1] }),
    ...handlers.map((name, i) =>
      user(`${key}.handler${i + 1}`, name, org, ['HANDLER'], { cert: cert(region, 3 + i), quals: quals[2 + i] }),
    ),
  ];
};

const city: SeedUser[] = [
  ...bureauStaff('city', 'yx-city', '530400', ['杨建华', '李卫东', '张志强', '王海燕', '刘晓东'], [
    ['安全工程专业硕士'], [RSE], ['化学工程与工艺本科', '注册安全工程师（化工安全）'], [SAFETY], ['采矿工程专业本科'],
  ], 'chief'),
  // 'city.supervisor' is the CITY_SUPERVISOR (市局监督: 抽查, 考核, cross-county cases), as
  // scripts/dev.ts announces it; the city's own 科长 (SUPERVISOR) is 'city.chief'.
  user('city.supervisor', '赵丽萍', 'yx-city', ['CITY_SUPERVISOR'], { cert: cert('530400', 10), quals: ['法学本科', '应急管理工作经历10年'] }),
  user('city.legal', '陈静', 'yx-city', ['LEGAL_REVIEWER'], { quals: [LAW] }),
  user('city.assistant', '周小敏', 'yx-city', ['ASSISTANT']),
  user('city.discipline', '何明', 'yx-city', ['DISCIPLINE']), // 派驻纪检监察组
  // 市安委办: coordinates referrals that departments leave unsigned or unanswered (移交 escalation).
  user('wso.officer', '钱立新', 'yx-wso', ['SUPERVISOR']),
  user('admin', '系统管理员', 'yx-city', ['ADMIN']),
];

const hongta: SeedUser[] = [
  ...bureauStaff('hongta', 'yx-hongta', '530402', ['普文华', '杨春林', '李俊', '段红梅', '马建国'], [
    [SAFETY], [RSE], [SAFETY], ['化学专业本科'], ['应急管理工作经历8年'],
  ]),
  // Certificate lapsed on 2025-05-31: must be refused as an officer.
  user('hongta.expired', '孔德才', 'yx-hongta', ['HANDLER'], { cert: cert('530402', 9, '2020-06-01', '2025-05-31') }),
  user('hongta.legal', '施雨婷', 'yx-hongta', ['LEGAL_REVIEWER'], { quals: [LAW] }),
  user('hongta.assistant', '罗小兵', 'yx-hongta', ['ASSISTANT']),
  user('hongta.yuxing.officer1', '陈国庆', 'yx-hongta-yuxing-st', ['TOWNSHIP_OFFICER'], { cert: cert('530402', 101), quals: ['应急管理工作经历5年'] }),
  user('hongta.yuxing.officer2', '胡晓燕', 'yx-hongta-yuxing-st', ['TOWNSHIP_OFFICER'], { cert: cert('530402', 102) }),
  user('hongta.dayingjie.officer1', '赵永福', 'yx-hongta-dayingjie-st', ['TOWNSHIP_OFFICER'], { cert: cert('530402', 103), quals: [SAFETY] }),
  user('hongta.dayingjie.officer2', '严秀英', 'yx-hongta-dayingjie-st', ['TOWNSHIP_OFFICER'], { cert: cert('530402', 104) }),
];

const jiangchuan: SeedUser[] = [
  ...bureauStaff('jiangchuan', 'yx-jiangchuan', '530403', ['钱正国', '白云飞', '许文斌', '高丽娟', '孙涛'], [
    [], [RSE], [SAFETY], ['化工安全技术专科'], [],
  ]),
  user('jiangchuan.legal', '朱玲', 'yx-jiangchuan', ['LEGAL_REVIEWER'], { quals: [LAW] }),
  user('jiangchuan.assistant', '郭亮', 'yx-jiangchuan', ['ASSISTANT']),
  user('jiangchuan.dajie.officer1', '蒋伟', 'yx-jiangchuan-dajie-st', ['TOWNSHIP_OFFICER'], { cert: cert('530403', 101) }),
  user('jiangchuan.dajie.officer2', '潘慧', 'yx-jiangchuan-dajie-st', ['TOWNSHIP_OFFICER'], { cert: cert('530403', 102), quals: [SAFETY] }),
];

// The other seven counties: head, supervisor, two handlers.
const otherCounties: SeedUser[] = [
  bureauStaff('chengjiang', 'yx-chengjiang', '530481', ['沈家宏', '董立新', '吴启明', '金玉兰'], [[], [RSE], [SAFETY]]),
  bureauStaff('tonghai', 'yx-tonghai', '530423', ['纳建平', '杜永昌', '龙海波', '邓晓云'], [[], [], [SAFETY], ['应急管理工作经历6年']]),
  bureauStaff('huaning', 'yx-huaning', '530424', ['毕光荣', '施国华', '方振宇', '袁芳'], [[], [RSE], ['采矿工程专业本科']]),
  bureauStaff('yimen', 'yx-yimen', '530425', ['韩德明', '石磊', '彭思远', '曾小梅'], [[], [], ['冶金工程专业本科'], [SAFETY]]),
  bureauStaff('eshan', 'yx-eshan', '530426', ['柏永福', '普正清', '李文军', '沐春燕'], [[], [RSE], [SAFETY]]),
  bureauStaff('xinping', 'yx-xinping', '530427', ['刀国栋', '白建明', '方玉洁', '杨光'], [[], [], ['采矿工程专业本科'], [SAFETY]]),
  bureauStaff('yuanjiang', 'yx-yuanjiang', '530428', ['白志刚', '李石保', '罗红英', '王宏亮'], [[], [RSE], [SAFETY]]),
].flat();

// Other organs: no certificates (they do not enforce in the bureau's name).
const external: SeedUser[] = [
  user('samr.receiver', '尹志华', 'yx-dept-samr', ['DEPT_RECEIVER']),
  user('housing.receiver', '邱建', 'yx-dept-housing', ['DEPT_RECEIVER']),
  user('transport.receiver', '夏明亮', 'yx-dept-transport', ['DEPT_RECEIVER']),
  user('natres.receiver', '江涛', 'yx-dept-natres', ['DEPT_RECEIVER']),
  user('agri.receiver', '付春花', 'yx-dept-agri', ['DEPT_RECEIVER']),
  user('water.receiver', '汤勇', 'yx-dept-water', ['DEPT_RECEIVER']),
  user('industry.receiver', '苏婷', 'yx-dept-industry', ['DEPT_RECEIVER']),
  user('fire.receiver', '秦磊', 'yx-dept-fire', ['DEPT_RECEIVER']),
  user('hongta.samr.receiver', '丁红', 'yx-hongta-dept-samr', ['DEPT_RECEIVER']),
  user('hongta.housing.receiver', '贺强', 'yx-hongta-dept-housing', ['DEPT_RECEIVER']),
  user('psb.receiver', '姚刚', 'yx-psb', ['PSB_RECEIVER']),
  user('hongta.psb.receiver', '田野', 'yx-hongta-psb', ['PSB_RECEIVER']),
  user('procurator', '万晓琳', 'yx-procuratorate', ['PROCURATOR']),
  user('hongta.procurator', '孟凡', 'yx-hongta-procuratorate', ['PROCURATOR']),
  // 行政复议 work is done by the government's 司法局 (行政复议机构).
  user('recon.clerk', '卢静', 'yx-gov', ['RECON_CLERK'], { quals: [LAW] }),
  user('hongta.recon.clerk', '邹敏', 'yx-hongta-gov', ['RECON_CLERK'], { quals: [LAW] }),
];

export const USERS: readonly SeedUser[] = [...city, ...hongta, ...jiangchuan, ...otherCounties, ...external];

/** The user whose certificate is expired on purpose. */
export const EXPIRED_CERT_USERNAME = 'hongta.expired';
