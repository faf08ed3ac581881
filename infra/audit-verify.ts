import pg from 'pg';

// Verifies the 执法全过程记录 chains (docs/audit-chain.md): each org's chain from its last
// checkpoint on (or from the start with `full`), every chain's head, and the anchors, with the
// same SQL digests the insert triggers used, so the two can never disagree on canonical form.
// The command (npm run audit:verify), the API and the page (/audit/verify) all run this.

export type BreakKind = 'PREV_HASH' | 'CONTENT' | 'GAP' | 'MISSING' | 'REWRITTEN' | 'HEAD' | 'ANCHOR';
/** A broken link: the event (id) where there is one, always its chain ('' = system chain) and place (for ANCHOR: the anchor's id). */
export interface BrokenLink { id: string | null; chain: string; seq: string; kind: BreakKind; reason: string }
export interface ChainResult { chain: string; from: string; to: string; checked: number; ok: boolean; broken?: BrokenLink }
export interface ChainReport {
  ok: boolean;
  full: boolean;
  /** events whose hash was recomputed in this run */
  checked: number;
  anchorsChecked: number;
  chains: ChainResult[];
  firstBroken?: BrokenLink;
}
export interface VerifyOptions {
  /** re-walk every chain and every anchor from the start instead of from the checkpoints */
  full?: boolean;
  batch?: number;
  /** record where each intact chain ends, for the next incremental run (default true) */
  saveCheckpoints?: boolean;
}

/** Runs one parameterised query ($1, $2 …) and returns its rows: a pg client or Prisma's $queryRawUnsafe. */
export type ChainQuery = (sql: string, params: unknown[]) => Promise<unknown[]>;

const REASONS: Record<BreakKind, string> = {
  PREV_HASH: 'prevHash does not match the previous event of its chain',
  CONTENT: 'content does not match its hash',
  GAP: 'events before this one are missing from its chain (seq gap)',
  MISSING: 'events recorded in the chain head, an anchor or a checkpoint are missing (tail cut or chain deleted)',
  REWRITTEN: 'event differs from the hash an anchor or an earlier verification recorded for it (chain rewritten)',
  HEAD: 'the chain head does not match the last event of its chain',
  ANCHOR: 'anchor record altered or the anchor chain is broken',
};

interface Link { id: string; seq: string; prevHash: string; hash: string; recomputed: string }
interface Mark { chain: string; seq: string; hash: string }
interface AnchorRow { id: string; prevHash: string; hash: string; recomputed: string }

const broken = (kind: BreakKind, chain: string, seq: string, id: string | null): BrokenLink => ({ id, chain, seq, kind, reason: REASONS[kind] });

const EVENTS_SQL = `SELECT e."id"::text AS id, e."seq"::text AS seq, e."prevHash", e."hash", audit_event_digest(e."prevHash", e) AS recomputed
  FROM "AuditEvent" e WHERE e."chain" = $1 AND e."seq" > $2::bigint ORDER BY e."seq" LIMIT $3::int`;
const ANCHORS_SQL = `SELECT a."id"::text AS id, a."prevHash", a."hash", audit_anchor_digest(a."prevHash", a) AS recomputed
  FROM "AuditAnchor" a WHERE a."id" > $1::bigint ORDER BY a."id" LIMIT $2::int`;
/** Every (chain, seq, hash) an anchor recorded that no longer matches an event. */
const ANCHOR_CLAIMS_SQL = `SELECT h.key AS chain, h.value->>'seq' AS seq, e."id"::text AS id
  FROM "AuditAnchor" a CROSS JOIN LATERAL jsonb_each(a."heads") h
  LEFT JOIN "AuditEvent" e ON e."chain" = h.key AND e."seq" = (h.value->>'seq')::bigint
  WHERE a."id" = ANY($1::bigint[]) AND e."hash" IS DISTINCT FROM h.value->>'hash'
  ORDER BY e."id" NULLS LAST LIMIT 100`;
const ANCHORED_CHAINS_SQL = `SELECT DISTINCT h.key AS chain FROM "AuditAnchor" a CROSS JOIN LATERAL jsonb_object_keys(a."heads") h(key) WHERE a."id" = ANY($1::bigint[])`;
/** The checkpointed event of every chain, to see it is still there, unchanged. */
const CHECKPOINTS_SQL = `SELECT c."chain", c."seq"::text AS seq, c."hash", e."id"::text AS id, e."hash" AS actual
  FROM "AuditCheckpoint" c LEFT JOIN "AuditEvent" e ON e."chain" = c."chain" AND e."seq" = c."seq" WHERE c."kind" = 'EVENTS'`;
const SAVE_SQL = `INSERT INTO "AuditCheckpoint" ("kind", "chain", "seq", "hash", "verifiedAt") VALUES ($1, $2, $3::bigint, $4, CURRENT_TIMESTAMP)
  ON CONFLICT ("kind", "chain") DO UPDATE SET "seq" = EXCLUDED."seq", "hash" = EXCLUDED."hash", "verifiedAt" = EXCLUDED."verifiedAt"
  WHERE "AuditCheckpoint"."seq" <= EXCLUDED."seq" RETURNING "kind"`;

async function verifyAnchors(q: <T>(sql: string, p: unknown[]) => Promise<T[]>, from: Mark | undefined, batch: number) {
  let prev = from?.hash ?? '';
  let after = from?.seq ?? '0';
  let checked = 0;
  let fault: BrokenLink | undefined;
  const ids: string[] = [];
  if (from) {
    const [still] = await q<{ hash: string }>('SELECT "hash" FROM "AuditAnchor" WHERE "id" = $1::bigint', [from.seq]);
    if (still?.hash !== from.hash) fault = broken('ANCHOR', '', from.seq, null);
  }
  while (!fault) {
    const rows = await q<AnchorRow>(ANCHORS_SQL, [after, batch]);
    if (rows.length === 0) break;
    for (const a of rows) {
      if (a.prevHash !== prev || a.recomputed !== a.hash) { fault = broken('ANCHOR', '', a.id, null); break; }
      prev = a.hash;
      after = a.id;
      ids.push(a.id);
      checked += 1;
    }
  }
  // The newest anchor is checked every time, verified before or not: it is what finds a chain
  // deleted whole, or cut below its checkpoint, since the last run.
  if (ids.length === 0) {
    const [latest] = await q<{ id: string }>('SELECT "id"::text AS id FROM "AuditAnchor" ORDER BY "id" DESC LIMIT 1', []);
    if (latest) ids.push(latest.id);
  }
  return { checked, ids, fault, last: checked > 0 ? { chain: '', seq: after, hash: prev } : undefined };
}

/**
 * Verifies every chain incrementally (or in full) and reports each chain's result; a break in
 * one org's chain names its row and leaves the other chains' results standing.
 */
export async function verifyAuditChainWith(query: ChainQuery, opts: VerifyOptions = {}): Promise<ChainReport> {
  const q = query as <T>(sql: string, p: unknown[]) => Promise<T[]>;
  const full = opts.full ?? false;
  const batch = opts.batch ?? 5000;
  // Heads first: an event at or below a head's seq was committed before this read, so it must be found.
  const heads = new Map((await q<Mark>('SELECT "chain", "seq"::text AS seq, "hash" FROM "AuditChainHead"', [])).map((h) => [h.chain, h]));
  const faults = new Map<string, BrokenLink>();
  const starts = new Map<string, Mark>();
  if (!full) {
    for (const c of await q<Mark & { id: string | null; actual: string | null }>(CHECKPOINTS_SQL, [])) {
      if (c.actual !== c.hash) faults.set(c.chain, broken(c.id ? 'REWRITTEN' : 'MISSING', c.chain, c.seq, c.id));
      else starts.set(c.chain, c);
    }
  }
  const [anchorMark] = full ? [] : await q<Mark>(`SELECT '' AS chain, "seq"::text AS seq, "hash" FROM "AuditCheckpoint" WHERE "kind" = 'ANCHORS' AND "chain" = ''`, []);
  const anchors = await verifyAnchors(q, anchorMark, batch);
  if (anchors.ids.length > 0) {
    for (const m of await q<{ chain: string; seq: string; id: string | null }>(ANCHOR_CLAIMS_SQL, [anchors.ids])) {
      if (!faults.has(m.chain)) faults.set(m.chain, broken(m.id ? 'REWRITTEN' : 'MISSING', m.chain, m.seq, m.id));
    }
  }
  const anchored = anchors.ids.length > 0 ? (await q<{ chain: string }>(ANCHORED_CHAINS_SQL, [anchors.ids])).map((r) => r.chain) : [];

  const names = [...new Set([...heads.keys(), ...starts.keys(), ...faults.keys(), ...anchored])].sort();
  const chains: ChainResult[] = [];
  let checked = 0;
  for (const chain of names) {
    const head = heads.get(chain);
    const start = starts.get(chain);
    const from = start?.seq ?? '0';
    let fault = faults.get(chain);
    let seq = BigInt(from);
    let prev = start?.hash ?? '';
    let lastId: string | null = null;
    let n = 0;
    // A chain whose head has not moved since its checkpoint has nothing new to read.
    const idle = head && start && BigInt(head.seq) === seq;
    if (idle && head.hash !== start.hash) fault ??= broken('HEAD', chain, head.seq, null);
    // Heads only move forward: one behind an earlier verification was set back by hand.
    if (head && start && BigInt(head.seq) < seq) fault ??= broken('HEAD', chain, head.seq, null);
    while (!fault && !idle) {
      const rows = await q<Link>(EVENTS_SQL, [chain, seq.toString(), batch]);
      for (const r of rows) {
        const kind: BreakKind | undefined = BigInt(r.seq) !== seq + 1n ? 'GAP' : r.prevHash !== prev ? 'PREV_HASH'
          : r.recomputed !== r.hash ? 'CONTENT' : head && r.seq === head.seq && r.hash !== head.hash ? 'HEAD' : undefined;
        if (kind) { fault = broken(kind, chain, r.seq, r.id); break; }
        seq += 1n;
        prev = r.hash;
        lastId = r.id;
        n += 1;
      }
      if (fault || rows.length < batch) break;
    }
    if (!fault && !idle) {
      if (!head && seq > 0n) fault = broken('HEAD', chain, seq.toString(), lastId);
      else if (head && seq < BigInt(head.seq)) fault = broken('MISSING', chain, (seq + 1n).toString(), null);
    }
    checked += n;
    chains.push({ chain, from, to: seq.toString(), checked: n, ok: !fault, ...(fault ? { broken: fault } : {}) });
    if (!fault && (opts.saveCheckpoints ?? true) && seq > 0n && (!start || seq > BigInt(start.seq))) {
      await q(SAVE_SQL, ['EVENTS', chain, seq.toString(), prev]);
    }
  }
  if (!anchors.fault && anchors.last && (opts.saveCheckpoints ?? true)) await q(SAVE_SQL, ['ANCHORS', '', anchors.last.seq, anchors.last.hash]);

  const all = [...(anchors.fault ? [anchors.fault] : []), ...chains.flatMap((c) => (c.broken ? [c.broken] : []))];
  // The earliest broken row first; a missing tail (no row to name) after every named row.
  all.sort((a, b) => (a.id === null ? 1 : 0) - (b.id === null ? 1 : 0) || (a.id && b.id ? Number(BigInt(a.id) - BigInt(b.id)) : 0));
  return { ok: all.length === 0, full, checked, anchorsChecked: anchors.checked, chains, ...(all[0] ? { firstBroken: all[0] } : {}) };
}

export async function verifyAuditChain(db: string | pg.ClientBase, opts: VerifyOptions = {}): Promise<ChainReport> {
  const client = typeof db === 'string' ? new pg.Client({ connectionString: db }) : db;
  if (typeof db === 'string') await client.connect();
  try {
    return await verifyAuditChainWith(async (sql, params) => (await client.query(sql, params)).rows, opts);
  } finally {
    if (typeof db === 'string') await (client as pg.Client).end();
  }
}

/** Takes an anchor over every chain's head now (the daily schedule and `npm run audit:anchor` call this). */
export async function anchorAuditChainsWith(query: ChainQuery): Promise<string> {
  const [row] = await (query as <T>(sql: string, p: unknown[]) => Promise<T[]>)<{ id: string }>('SELECT audit_anchor()::text AS id', []);
  return row!.id;
}
