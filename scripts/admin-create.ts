import { text } from 'node:stream/consumers';
import { parseArgs } from 'node:util';
import { loadConfig } from '../infra/config.ts';
import { createPrisma } from '../infra/db.ts';
import { AdminCreateRefused, createFirstAdmin } from '../store/admins.ts';
import { generatePassword } from '../store/passwords.ts';

// npm run admin:create -- <username> [--org <orgId>]
// Creates the first administrator, once. The password is read from stdin when something is
// piped in (`printf %s "$PW" | npm run admin:create -- alice`); otherwise one is generated and
// printed once. Either way it must be replaced at the first sign-in.
const { values: { org: orgId }, positionals: [username] } = parseArgs({ options: { org: { type: 'string' } }, allowPositionals: true });
if (!username) {
  console.error('用法：npm run admin:create -- <用户名> [--org <机构id>]（密码从标准输入读取，未输入则生成并显示一次）');
  process.exit(2);
}
const config = loadConfig();
if (!config.DATABASE_URL) throw new Error('DATABASE_URL is required');
const piped = process.stdin.isTTY ? '' : (await text(process.stdin)).replace(/\r?\n$/, '');
const password = piped || generatePassword();
const prisma = createPrisma(config.DATABASE_URL, 1);
try {
  const admin = await createFirstAdmin(prisma, { username, password, orgId });
  console.log(`已创建系统管理员 ${username}（机构 ${admin.orgId}）；首次登录后须修改密码。`);
  if (!piped) console.log(`初始密码（只显示这一次）：${password}`);
} catch (err) {
  if (!(err instanceof AdminCreateRefused)) throw err;
  console.error(`admin:create 拒绝执行：${err.message}`);
  process.exitCode = 1;
} finally {
  await prisma.$disconnect();
}
