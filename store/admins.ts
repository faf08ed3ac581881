import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '../generated/prisma/client.ts';
import { hashPassword, MIN_PASSWORD_LENGTH } from './passwords.ts';

export const USERNAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$/;

export class AdminCreateRefused extends Error {}

/**
 * The first administrator of an install (npm run admin:create): once only — refused while any
 * administrator exists — and flagged to replace the password at first sign-in (api/auth.ts
 * requirePasswordChange), because that password was printed or piped in by whoever installed.
 * The org is the given one or the city bureau at the root of the reference org tree.
 */
export async function createFirstAdmin(prisma: PrismaClient, input: { username: string; password: string; orgId?: string }): Promise<{ id: string; orgId: string }> {
  if (!USERNAME_PATTERN.test(input.username)) throw new AdminCreateRefused(`用户名 ${JSON.stringify(input.username)} 不合格式：2–64 个字母、数字或 . _ -，以字母或数字开头`);
  if (input.password.length < MIN_PASSWORD_LENGTH) throw new AdminCreateRefused(`密码至少 ${MIN_PASSWORD_LENGTH} 个字符`);
  const passwordHash = await hashPassword(input.password);
  return prisma.$transaction(async (tx) => {
    // Two installers at once: the second waits here and then finds the first's administrator.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('zhifa.admin-create'))`;
    const admin = await tx.user.findFirst({ where: { roles: { has: 'ADMIN' } }, select: { username: true } });
    if (admin) throw new AdminCreateRefused(`已有系统管理员（${admin.username}）：admin:create 只创建第一个管理员，其他用户请由管理员在系统中添加`);
    if (await tx.user.findUnique({ where: { username: input.username }, select: { id: true } })) throw new AdminCreateRefused(`用户名 ${input.username} 已存在`);
    const org = input.orgId
      ? await tx.org.findUnique({ where: { id: input.orgId }, select: { id: true } })
      : await tx.org.findFirst({ where: { kind: 'CITY_BUREAU', parentId: null }, orderBy: { id: 'asc' }, select: { id: true } });
    if (!org) throw new AdminCreateRefused(input.orgId ? `机构 ${input.orgId} 不存在` : '还没有机构数据：请先运行 npm run migrate（或 npm run seed）载入参考数据');
    const id = randomUUID();
    await tx.user.create({
      data: { id, username: input.username, displayName: '系统管理员', orgId: org.id, roles: ['ADMIN'], qualifications: [], passwordHash, mustChangePassword: true },
    });
    return { id, orgId: org.id };
  });
}
