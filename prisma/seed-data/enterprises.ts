// Regulated enterprises (生产经营单位) for the demo. Names, people and addresses are
// invented; any match with a real firm is coincidental.
//
// USCCs are built, not typed: 登记管理部门 9 (市场监管) + 机构类别 (1 企业, 2 个体工商户)
// + the registering authority's region code + a 组织机构代码 body whose GB 11714 check
// character and the GB 32100 18th character are both computed (rules/uscc.ts).
// Old-style bodies are 8 digits (pre-2015 组织机构代码); newer ones start 'MA'.

import { orgCodeCheckDigit, usccCheckDigit } from '../../rules/uscc.ts';

export const RISK_LEVELS = ['LOW', 'MEDIUM', 'HIGH', 'MAJOR'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export interface SeedEnterprise {
  id: string;
  uscc: string;
  name: string;
  industry: string;
  /** supervising county bureau */
  orgId: string;
  address: string;
  legalRep: string;
  riskLevel: RiskLevel;
}

export function buildUscc(kind: '91' | '92', region: string, body8: string): string {
  const first17 = `${kind}${region}${body8}${orgCodeCheckDigit(body8)}`;
  return first17 + usccCheckDigit(first17);
}

type Row = [id: string, kind: '91' | '92', region: string, body8: string, name: string, industry: string, orgId: string, address: string, legalRep: string, risk: RiskLevel];

const ROWS: Row[] = [
  ['ent-hongta-chem', '91', '530402', 'MA6K7R2B', '玉溪澄晖化工有限公司', '危险化学品生产', 'yx-hongta', '云南省玉溪市红塔区研和街道化工园区纬三路8号', '李明德', 'MAJOR'],
  ['ent-hongta-hazstore', '91', '530402', '21965103', '玉溪恒安化学品经营有限公司', '危险化学品经营（带储存）', 'yx-hongta', '云南省玉溪市红塔区大营街街道工业路18号', '张丽', 'HIGH'],
  ['ent-hongta-machine', '91', '530400', 'MA6N3C8D', '玉溪精工锐达机械制造有限公司', '工贸（机械制造）', 'yx-hongta', '云南省玉溪市红塔区玉溪高新区九龙片区创新路6号', '王志远', 'LOW'],
  ['ent-hongta-trade', '91', '530402', 'MA6P1H4K', '玉溪春泽商贸有限公司', '工贸（商贸仓储）', 'yx-hongta', '云南省玉溪市红塔区玉兴街道东风南路112号', '周海', 'LOW'],
  ['ent-jiangchuan-lpg', '91', '530403', '73807216', '江川星湖燃气有限公司', '危险化学品经营（液化石油气充装）', 'yx-jiangchuan', '云南省玉溪市江川区大街街道星云路25号', '赵宏伟', 'HIGH'],
  ['ent-chengjiang-food', '91', '530481', 'MA6L2T5W', '澄江蓝湾食品有限公司', '工贸（食品加工，涉氨制冷）', 'yx-chengjiang', '云南省玉溪市澄江市右所镇工业片区3号', '孙美琴', 'MEDIUM'],
  ['ent-tonghai-fireworks', '91', '530423', 'MA6M8J3Q', '通海锦程烟花爆竹批发有限公司', '烟花爆竹批发', 'yx-tonghai', '云南省玉溪市通海县河西镇大寨村物流园5号', '纳正华', 'HIGH'],
  ['ent-huaning-retail', '92', '530424', 'MA6R5E7U', '华宁县盘溪镇永兴烟花爆竹零售店', '烟花爆竹零售（个体工商户）', 'yx-huaning', '云南省玉溪市华宁县盘溪镇盘溪街32号', '毕永兴', 'MEDIUM'],
  ['ent-huaning-ceramics', '91', '530424', 'MA6Q9A2F', '华宁县窑韵陶瓷有限公司', '工贸（建材，陶瓷）', 'yx-huaning', '云南省玉溪市华宁县宁州街道陶园路9号', '方建平', 'LOW'],
  ['ent-yimen-mine', '91', '530425', '66552817', '易门峰岚矿业有限公司', '非煤矿山（地下铜矿）', 'yx-yimen', '云南省玉溪市易门县六街街道矿区路1号', '韩国栋', 'MAJOR'],
  ['ent-eshan-quarry', '91', '530426', 'MA6T4W6C', '峨山和顺建材有限公司', '非煤矿山（露天建筑石料矿）', 'yx-eshan', '云南省玉溪市峨山彝族自治县化念镇石料场', '柏光明', 'MEDIUM'],
  ['ent-xinping-mine', '91', '530427', 'MA6U7X1L', '新平瑞石矿业有限公司', '非煤矿山（露天铁矿）', 'yx-xinping', '云南省玉溪市新平彝族傣族自治县戛洒镇矿山路66号', '刀志强', 'HIGH'],
  ['ent-yuanjiang-agro', '91', '530428', 'MA6W2N9G', '元江金果农产品加工有限公司', '工贸（农副产品加工，粉尘涉爆）', 'yx-yuanjiang', '云南省玉溪市元江哈尼族彝族傣族自治县甘庄街道果园路15号', '白秀兰', 'MEDIUM'],
  // Issue 9 (inspections): more enterprises per county, so that 双随机 has a pool to draw from.
  ['ent-hongta-paint', '91', '530402', 'MA6X2B7C', '玉溪华彩涂料有限公司', '危险化学品生产（涂料）', 'yx-hongta', '云南省玉溪市红塔区研和街道化工园区纬五路3号', '邓国强', 'HIGH'],
  ['ent-hongta-furniture', '91', '530402', 'MA6X4D1E', '玉溪木森家具制造有限公司', '工贸（木材加工，粉尘涉爆）', 'yx-hongta', '云南省玉溪市红塔区北城街道木业园12号', '杨林', 'MEDIUM'],
  ['ent-hongta-cold', '91', '530402', 'MA6X6F3G', '玉溪冷源冷链物流有限公司', '工贸（冷库，涉氨制冷）', 'yx-hongta', '云南省玉溪市红塔区春和街道物流园7号', '何静', 'MEDIUM'],
  ['ent-hongta-print', '92', '530402', 'MA6X8H5J', '红塔区凤凰路彩印厂', '工贸（印刷）', 'yx-hongta', '云南省玉溪市红塔区凤凰路220号', '施红梅', 'LOW'],
  ['ent-jiangchuan-feed', '91', '530403', 'MA6Y1K2L', '江川丰禾饲料有限公司', '工贸（饲料加工，粉尘涉爆）', 'yx-jiangchuan', '云南省玉溪市江川区前卫镇工业片区6号', '普志刚', 'MEDIUM'],
  ['ent-jiangchuan-metal', '91', '530403', 'MA6Y3M4N', '江川恒锐金属制品有限公司', '工贸（金属制品）', 'yx-jiangchuan', '云南省玉溪市江川区大街街道工业园9号', '罗华', 'LOW'],
  ['ent-chengjiang-phos', '91', '530481', 'MA6Y5P6Q', '澄江磷源化工有限公司', '危险化学品生产（磷化工）', 'yx-chengjiang', '云南省玉溪市澄江市龙街街道化工园2号', '段文斌', 'MAJOR'],
  ['ent-chengjiang-hotel', '91', '530481', 'MA6Y7R8T', '澄江湖畔酒店管理有限公司', '工贸（商贸服务）', 'yx-chengjiang', '云南省玉溪市澄江市凤麓街道湖滨路18号', '陆婷', 'LOW'],
  ['ent-tonghai-veg', '91', '530423', 'MA6Y9U1W', '通海绿源蔬菜冷链有限公司', '工贸（冷库，涉氨制冷）', 'yx-tonghai', '云南省玉溪市通海县秀山街道物流园11号', '孔祥云', 'MEDIUM'],
  ['ent-tonghai-retail', '92', '530423', 'MA6YB2X3', '通海县河西镇顺发烟花爆竹零售点', '烟花爆竹零售（个体工商户）', 'yx-tonghai', '云南省玉溪市通海县河西镇正街45号', '李顺发', 'LOW'],
  ['ent-huaning-lime', '91', '530424', 'MA6YD4Y5', '华宁宏基石灰有限公司', '非煤矿山（石灰岩矿）', 'yx-huaning', '云南省玉溪市华宁县华溪镇矿区3号', '孙立', 'MEDIUM'],
  ['ent-yimen-smelter', '91', '530425', 'MA6YF6A7', '易门铜韵冶炼有限公司', '工贸（有色金属冶炼）', 'yx-yimen', '云南省玉溪市易门县龙泉街道冶炼园1号', '钱峰', 'HIGH'],
  ['ent-yimen-gas', '91', '530425', 'MA6YH8B9', '易门安达燃气有限公司', '危险化学品经营（液化石油气充装）', 'yx-yimen', '云南省玉溪市易门县龙泉街道站前路5号', '黄珊', 'HIGH'],
  ['ent-eshan-tea', '91', '530426', 'MA6YK1C2', '峨山云岭茶业有限公司', '工贸（茶叶加工）', 'yx-eshan', '云南省玉溪市峨山彝族自治县双江街道茶园路3号', '普春', 'LOW'],
  ['ent-eshan-explosive', '91', '530426', 'MA6YM3D4', '峨山恒安民爆器材经营有限公司', '危险化学品经营（民爆器材仓储）', 'yx-eshan', '云南省玉溪市峨山彝族自治县小街街道仓储区1号', '刀红', 'MAJOR'],
  ['ent-xinping-sugar', '91', '530427', 'MA6YP5E6', '新平甘源糖业有限公司', '工贸（制糖）', 'yx-xinping', '云南省玉溪市新平彝族傣族自治县漠沙镇糖厂路1号', '白云飞', 'MEDIUM'],
  ['ent-xinping-quarry', '91', '530427', 'MA6YR7F8', '新平石屏建材有限公司', '非煤矿山（露天建筑石料矿）', 'yx-xinping', '云南省玉溪市新平彝族傣族自治县平甸乡石料场', '李石', 'MEDIUM'],
  ['ent-yuanjiang-rubber', '91', '530428', 'MA6YT9G1', '元江红河橡胶制品有限公司', '工贸（橡胶制品）', 'yx-yuanjiang', '云南省玉溪市元江哈尼族彝族傣族自治县澧江街道工业园8号', '马丽', 'LOW'],
  ['ent-yuanjiang-gas', '91', '530428', 'MA6YU2H3', '元江润达燃气有限公司', '危险化学品经营（液化石油气充装）', 'yx-yuanjiang', '云南省玉溪市元江哈尼族彝族傣族自治县红河街道站前路2号', '张建', 'HIGH'],
];

export const ENTERPRISES: readonly SeedEnterprise[] = ROWS.map(
  ([id, kind, region, body8, name, industry, orgId, address, legalRep, riskLevel]) => ({
    id, uscc: buildUscc(kind, region, body8), name, industry, orgId, address, legalRep, riskLevel,
  }),
);
