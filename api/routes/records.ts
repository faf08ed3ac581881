import { z } from 'zod';
import { recordBody } from '../../rules/forms/records.ts';
import type { AppDeps } from '../deps.ts';
import { defineRoute, type RouteDef } from '../route.ts';
import { createRecord, getRecord, listRecords, updateRecord } from '../services/records.ts';
import { idParam } from './schemas.ts';
import { recordContent, recordList, recordSaved } from './case-responses.ts';

const recordParams = z.object({ id: z.string().min(1).max(128), recordId: z.string().min(1).max(128) });
const OFFICERS = ['HANDLER', 'TOWNSHIP_OFFICER'] as const;
const READERS = ['HANDLER', 'ASSISTANT', 'TOWNSHIP_OFFICER', 'SUPERVISOR', 'HEAD', 'LEGAL_REVIEWER', 'CITY_SUPERVISOR'] as const;

/** 现场检查记录 and 询问笔录 of a case: a schema per kind (rules/forms/records.ts), drafts, corrections. */
export const recordRoutes = (deps: AppDeps): RouteDef[] => [
  defineRoute({
    method: 'post', path: '/api/cases/:id/records', tag: 'cases', access: OFFICERS,
    summary: '制作现场检查记录或询问笔录（draft: true 保存为未编号草稿；否则按记录种类校验内容后编号；corrects 指明更正的已编号记录）',
    params: idParam, body: recordBody, status: 201, response: recordSaved,
    handler: async ({ actor, params, body, req }) => createRecord(deps, actor, params.id, body, req.get('idempotency-key') ?? undefined),
  }),
  defineRoute({
    method: 'post', path: '/api/cases/:id/records/:recordId', tag: 'cases', access: OFFICERS,
    summary: '补充保存草稿，或将草稿校验后编号（已编号的记录不能修改）', params: recordParams, body: recordBody, response: recordSaved,
    handler: async ({ actor, params, body }) => updateRecord(deps, actor, params.id, params.recordId, body),
  }),
  defineRoute({
    method: 'get', path: '/api/cases/:id/records', tag: 'cases', access: READERS,
    summary: '案件的现场检查记录、询问笔录及草稿', params: idParam, refusals: [], response: recordList,
    handler: async ({ actor, params }) => ({ items: await listRecords(deps, actor, params.id) }),
  }),
  defineRoute({
    method: 'get', path: '/api/cases/:id/records/:recordId', tag: 'cases', access: READERS,
    summary: '一份记录或草稿的内容', params: recordParams, refusals: [], response: recordContent,
    handler: async ({ actor, params }) => getRecord(deps, actor, params.id, params.recordId),
  }),
];
