// Schemathesis (the API fuzzer, a Python tool from PyPI) in a venv of its own under .tools/,
// pinned so a CI run and a developer's run generate from the same version.
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { projectRoot } from './tools.ts';

export const SCHEMATHESIS_VERSION = '4.32.5';
const venvDir = path.join(projectRoot, '.tools', `schemathesis-${SCHEMATHESIS_VERSION}`);
const stamp = path.join(venvDir, 'installed');
const binary = path.join(venvDir, 'bin', 'schemathesis');

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (d: Buffer) => { output = (output + d.toString()).slice(-8000); });
    child.stderr.on('data', (d: Buffer) => { output = (output + d.toString()).slice(-8000); });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')} exited ${code}\n${output}`))));
  });
}

/**
 * The schemathesis executable, installed on first use. A venv holds its own absolute path, so it
 * is built in place; the stamp is written last, and a folder without it is a broken install, redone.
 */
export async function resolveSchemathesis(log: (msg: string) => void = (m) => process.stderr.write(`[fuzz] ${m}\n`)): Promise<string> {
  if (await fs.stat(stamp).then(() => true, () => false)) return binary;
  await fs.rm(venvDir, { recursive: true, force: true });
  await fs.mkdir(path.dirname(venvDir), { recursive: true });
  log(`installing schemathesis ${SCHEMATHESIS_VERSION} from PyPI into ${path.relative(projectRoot, venvDir)}/`);
  await run('python3', ['-m', 'venv', venvDir]);
  await run(path.join(venvDir, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', `schemathesis==${SCHEMATHESIS_VERSION}`]);
  await fs.writeFile(stamp, `${SCHEMATHESIS_VERSION}\n`);
  return binary;
}
