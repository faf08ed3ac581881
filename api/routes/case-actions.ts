import { z } from 'zod';
import type { AppDeps } from '../deps.ts';
import { defineRoute, type RouteDef } from '../route.ts';
import {
  applyDeferral, caseState, checkChannelToken, confirmClientPayment, confirmPayment, recordLawsuit, requestClockPause, requestExtension, requestPreservation, resumeClock,
} from '../services/case-actions.ts';
import { CASE_OFFICERS as officers, deferralBody, lawsuitBody, preservationBody, reasonBody } from './case-action-schemas.ts';
import { idParam } from './schemas.ts';
import { caseStateBody, requested } from './case-responses.ts';
import { moveJurisdiction, requestTakeUp } from '../services/jurisdiction.ts';

/** A date or an instant with its offset; a bare date is a day in Beijing time. */
const dateOrInstant = (label: string) => z.union([z.iso.datetime({ offset: true }), z.iso.date()], { error: `${label}格式应为 YYYY-MM-DD 或带时区的时间` }).describe(label);
const field = (label: string, max: number) => z.string({ error: `请填写${label}` }).trim().min(2, `请填写${label}`).max(max).describe(label);

/** 检测、检验、检疫、鉴定: the commission's 委托书 (AB25 Art 53 ②); the pages parse the same schema. */
export const clockPauseBody = z.object({
  reason: reasonBody.shape.reason.describe('中止理由'),
  commission: z.object({
    number: field('委托书编号', 100),
    institution: field('受委托的检测、检验、检疫、鉴定机构', 200),
    commissionedAt: dateOrInstant('委托日期'),
    subject: field('检测、检验、检疫、鉴定事项', 500),
    evidenceId: z.string().trim().min(1).max(128).optional().describe('关联证据'),
  }).strict(),
}).strict();
export const clockResumeBody = z.object({
  reason: reasonBody.shape.reason.describe('恢复理由'),
  resultAt: dateOrInstant('检测、检验、检疫、鉴定结果作出日期'),
}).strict();

/** 提级管辖 / 指定管辖 (issue 21): the superior decides, with its reason (audited). */
export const jurisdictionBody = z.object({
  kind: z.enum(['TAKE_UP', 'ASSIGN'], { error: '请选择提级管辖或指定管辖' }).describe('管辖决定'),
  toOrgId: z.string().trim().min(1).max(128).optional().describe('指定管辖的单位'),
  reason: reasonBody.shape.reason.describe('理由'),
}).strict();

export function caseActionRoutes(deps: AppDeps): RouteDef[] {
  return [
    defineRoute({
      method: 'post', path: '/api/cases/:id/jurisdiction', tag: 'cases', access: ['HEAD', 'CITY_SUPERVISOR'],
      summary: '上级应急管理部门提级管辖或指定管辖（正在办理的案件移至新的办案单位）',
      params: idParam, body: jurisdictionBody, response: caseStateBody,
      handler: async ({ actor, params, body }) => moveJurisdiction(deps, actor, params.id, body),
    }),
    defineRoute({
      method: 'post', path: '/api/cases/:id/jurisdiction-request', tag: 'cases', access: ['HEAD'], status: 202,
      summary: '办案单位负责人报请上一级应急管理部门提级管辖（重大、疑难案件）',
      params: idParam, body: reasonBody, response: requested,
      handler: async ({ actor, params, body }) => requestTakeUp(deps, actor, params.id, body.reason),
    }),
    defineRoute({
      method: 'get', path: '/api/cases/:id/state', tag: 'cases', access: [...officers, 'CITY_SUPERVISOR', 'LEGAL_REVIEWER'],
      summary: '案件流程实时状态（办案期限、处罚、缴款）', params: idParam, refusals: [409], response: caseStateBody,
      handler: async ({ actor, params }) => caseState(deps, actor, params.id),
    }),
    defineRoute({
      method: 'post', path: '/api/cases/:id/clock/pause', tag: 'cases', access: officers, status: 202,
      summary: '申请因检测、检验、检疫、鉴定中止办案期限（附委托书，负责人审批）',
      params: idParam, body: clockPauseBody, response: requested, handler: async ({ actor, params, body }) => requestClockPause(deps, actor, params.id, body.reason, body.commission),
    }),
    defineRoute({
      method: 'post', path: '/api/cases/:id/clock/resume', tag: 'cases', access: officers, summary: '检测、检验、检疫、鉴定结果已出，恢复计算办案期限',
      params: idParam, body: clockResumeBody, response: caseStateBody, handler: async ({ actor, params, body }) => resumeClock(deps, actor, params.id, body.reason, body.resultAt),
    }),
    defineRoute({
      method: 'post', path: '/api/cases/:id/extension', tag: 'cases', access: officers, summary: '申请延长办案期限（120日/180日）',
      params: idParam, body: reasonBody, response: requested, handler: async ({ actor, params, body }) => requestExtension(deps, actor, params.id, body.reason),
    }),
    defineRoute({
      method: 'post', path: '/api/cases/:id/preservations', tag: 'cases', access: ['HANDLER'], summary: '申请先行登记保存证据',
      params: idParam,
      body: preservationBody, response: z.object({ preservationId: z.string() }),
      handler: async ({ actor, params, body }) => requestPreservation(deps, actor, params.id, body.items, body.urgent, body.performedAt),
    }),
    defineRoute({
      method: 'post', path: '/api/cases/:id/lawsuits', tag: 'cases', access: officers, summary: '登记当事人直接提起的行政诉讼（暂缓申请强制执行）',
      params: idParam, body: lawsuitBody, response: z.object({ lawsuitId: z.string() }),
      handler: async ({ actor, params, body }) => recordLawsuit(deps, actor, params.id, body.court, body.filedAt),
    }),
    defineRoute({
      method: 'post', path: '/api/cases/:id/deferral', tag: 'cases', access: ['HANDLER'], summary: '登记当事人延期（分期）缴纳罚款申请',
      params: idParam, body: deferralBody, response: requested,
      handler: async ({ actor, params, body }) => applyDeferral(deps, actor, params.id, body.reason, body.newDueDay),
    }),
    defineRoute({
      method: 'post', path: '/api/payments', tag: 'payments', access: 'public', scopes: ['payments:notify'],
      summary: '缴款渠道确认收款（罚缴分离；X-Payment-Channel-Token，或缴款平台接入系统的令牌（payments:notify））',
      // Public to a session, but the channel's own token is checked: a wrong or missing one is 401.
      // A partner system's token instead: the payment platform registered to a bureau (rules/api-scopes.ts).
      body: z.object({
        caseId: z.string().min(1).max(128), reference: z.string().trim().min(4).max(128),
        amountFen: z.number().int().positive().max(1_000_000_000_00), paidAt: z.iso.datetime({ offset: true }),
        channel: z.string().trim().min(2).max(64),
      }).strict(),
      // 401: a wrong or missing channel token; 404: no such case.
      // 403: a partner token without payments:notify, or for a case its bureau may not reach (or none).
      refusals: [401, 403, 404, 409, 422], response: z.object({ paidFen: z.number().int(), outstandingFen: z.number().int() }),
      handler: async ({ req, body }) => {
        const { caseId, ...payment } = body;
        if (req.apiClient) return confirmClientPayment(deps, req.apiClient, req.ip, caseId, payment);
        checkChannelToken(deps, req.get('x-payment-channel-token') ?? undefined);
        return confirmPayment(deps, caseId, payment);
      },
    }),
  ];
}
