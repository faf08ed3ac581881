import { z } from 'zod';
import type { AppDeps } from '../deps.ts';
import { defineRoute, type RouteDef } from '../route.ts';
import {
  applyDeferral, caseState, checkChannelToken, confirmPayment, pauseClock, recordLawsuit, requestExtension, requestPreservation,
} from '../services/case-actions.ts';
import { CASE_OFFICERS as officers, deferralBody, lawsuitBody, preservationBody, reasonBody } from './case-action-schemas.ts';
import { idParam } from './schemas.ts';

export function caseActionRoutes(deps: AppDeps): RouteDef[] {
  return [
    defineRoute({
      method: 'get', path: '/api/cases/:id/state', tag: 'cases', access: [...officers, 'CITY_SUPERVISOR', 'LEGAL_REVIEWER'],
      summary: '案件流程实时状态（办案期限、处罚、缴款）', params: idParam,
      handler: async ({ actor, params }) => caseState(deps, actor, params.id),
    }),
    defineRoute({
      method: 'post', path: '/api/cases/:id/clock/pause', tag: 'cases', access: officers, summary: '检测、检验、鉴定期间中止办案期限',
      params: idParam, body: reasonBody, handler: async ({ actor, params, body }) => pauseClock(deps, actor, params.id, body.reason, false),
    }),
    defineRoute({
      method: 'post', path: '/api/cases/:id/clock/resume', tag: 'cases', access: officers, summary: '检测、检验、鉴定结束，恢复计算办案期限',
      params: idParam, body: reasonBody, handler: async ({ actor, params, body }) => pauseClock(deps, actor, params.id, body.reason, true),
    }),
    defineRoute({
      method: 'post', path: '/api/cases/:id/extension', tag: 'cases', access: officers, summary: '申请延长办案期限（120日/180日）',
      params: idParam, body: reasonBody, handler: async ({ actor, params, body }) => requestExtension(deps, actor, params.id, body.reason),
    }),
    defineRoute({
      method: 'post', path: '/api/cases/:id/preservations', tag: 'cases', access: ['HANDLER'], summary: '申请先行登记保存证据',
      params: idParam,
      body: preservationBody,
      handler: async ({ actor, params, body }) => requestPreservation(deps, actor, params.id, body.items, body.urgent, body.performedAt),
    }),
    defineRoute({
      method: 'post', path: '/api/cases/:id/lawsuits', tag: 'cases', access: officers, summary: '登记当事人直接提起的行政诉讼（暂缓申请强制执行）',
      params: idParam, body: lawsuitBody,
      handler: async ({ actor, params, body }) => recordLawsuit(deps, actor, params.id, body.court, body.filedAt),
    }),
    defineRoute({
      method: 'post', path: '/api/cases/:id/deferral', tag: 'cases', access: ['HANDLER'], summary: '登记当事人延期（分期）缴纳罚款申请',
      params: idParam, body: deferralBody,
      handler: async ({ actor, params, body }) => applyDeferral(deps, actor, params.id, body.reason, body.newDueDay),
    }),
    defineRoute({
      method: 'post', path: '/api/payments', tag: 'payments', access: 'public',
      summary: '缴款渠道确认收款（罚缴分离；需 X-Payment-Channel-Token）',
      body: z.object({
        caseId: z.string().min(1).max(128), reference: z.string().trim().min(4).max(128),
        amountFen: z.number().int().positive().max(1_000_000_000_00), paidAt: z.iso.datetime({ offset: true }),
        channel: z.string().trim().min(2).max(64),
      }).strict(),
      handler: async ({ req, body }) => {
        checkChannelToken(deps, req.get('x-payment-channel-token') ?? undefined);
        const { caseId, ...payment } = body;
        return confirmPayment(deps, caseId, payment);
      },
    }),
  ];
}
