import { randomBytes } from 'node:crypto';
import { hash, verify, type Algorithm, type Options } from '@node-rs/argon2';

/**
 * Argon2id at the OWASP minimum (19 MiB, 2 passes, 1 lane). Pinned rather than left to
 * package defaults so an upgrade cannot change them silently; verify() reads them from
 * the PHC string. `Algorithm` is an ambient const enum, which isolatedModules may not
 * read, hence the literal: 2 = Algorithm.Argon2id.
 */
export const PASSWORD_HASH_OPTIONS: Options = {
  algorithm: 2 as Algorithm,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
};

/** What a password a person chooses must at least be (GB/T 22239-2019 8.1.4.1 asks for complexity; length is what counts). */
export const MIN_PASSWORD_LENGTH = 12;

export const hashPassword = (password: string) => hash(password, PASSWORD_HASH_OPTIONS);
export const verifyPassword = (passwordHash: string, password: string) => verify(passwordHash, password);

// A hash of a random secret nobody knows, made once per process.
let dummy: Promise<string> | undefined;

/**
 * The same argon2 work as checking a real user's password, for a username that does not
 * exist or is disabled: the answer then takes as long, so timing does not reveal usernames.
 */
export async function verifyNobody(password: string): Promise<false> {
  dummy ??= hashPassword(randomBytes(16).toString('hex'));
  await verify(await dummy, password);
  return false;
}

/** A password for a person to type once and replace at first sign-in: 20 characters, ~119 bits. */
export const generatePassword = () => randomBytes(15).toString('base64url');
