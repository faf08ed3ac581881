// `npm run gen:responses`: writes the response schemas of the JSON API routes listed in AREAS from
// what their handlers return, as TypeScript infers it (Prisma rows, workflow views, the objects the
// services build), turned into what JSON carries (Date → ISO string, bigint and Decimal → string,
// undefined fields gone). Regenerate after changing a handler's result; test/unit/area-responses.test.ts
// fails while a generated file is not what this script would write, so the contract cannot drift.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { projectRoot } from '../infra/tools.ts';

/** Route files whose operations get generated schemas: `api/routes/<area>.ts` → `api/routes/<area>.responses.ts`. */
export const AREAS = [
  'inspections', 'delegations', 'referrals', 'reconsiderations', 'workforce', 'admin', 'interference', 'dashboard', 'escalations', 'audit',
  'campaigns', 'cross-inspections',
] as const;

/** `get /api/cases/:id/records` → `getApiCasesIdRecords`, as api/openapi.ts names the operation. */
export const operationName = (method: string, p: string) => [method, ...p.split(/[^A-Za-z0-9]+/).filter(Boolean)]
  .map((w, i) => (i === 0 ? w : w[0]!.toUpperCase() + w.slice(1))).join('');

const JSON_ALIASES = new Set(['JsonValue', 'JsonObject', 'JsonArray', 'InputJsonValue']);

function zodOf(checker: ts.TypeChecker, t: ts.Type, at: ts.Node, seen: ts.Type[] = []): string {
  if (t.aliasSymbol && JSON_ALIASES.has(t.aliasSymbol.name)) return 'z.unknown()';
  if (t.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return 'z.unknown()';
  if (t.flags & ts.TypeFlags.Boolean) return 'z.boolean()';
  if (t.isUnion()) {
    const parts = t.types.filter((u) => !(u.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Void)));
    const nullable = parts.some((u) => u.flags & ts.TypeFlags.Null);
    let rest = parts.filter((u) => !(u.flags & ts.TypeFlags.Null));
    let out: string;
    const bools = rest.filter((u) => u.flags & ts.TypeFlags.BooleanLiteral);
    if (bools.length === 2) rest = [...rest.filter((u) => !(u.flags & ts.TypeFlags.BooleanLiteral)), checker.getBooleanType()];
    if (rest.length && rest.every((u) => u.isStringLiteral())) {
      // Sorted, as are a union's members: the checker orders them by when it first met each type.
      out = `z.enum([${rest.map((u) => JSON.stringify((u as ts.StringLiteralType).value)).sort().join(', ')}])`;
    } else if (rest.length === 1) out = zodOf(checker, rest[0]!, at, seen);
    else if (!rest.length) out = 'z.null()';
    else out = `z.union([${rest.map((u) => zodOf(checker, u, at, seen)).sort().join(', ')}])`;
    return nullable && rest.length ? `${out}.nullable()` : out;
  }
  if (t.flags & ts.TypeFlags.Null) return 'z.null()';
  // A lone literal is a constant of the code (a legal source's wording, a target): its type, not
  // its value, is the contract. Literals in a union (a status) stay an enum.
  if (t.flags & ts.TypeFlags.StringLiteral) return 'z.string()';
  if (t.flags & ts.TypeFlags.NumberLiteral) return 'z.number()';
  if (t.flags & ts.TypeFlags.BooleanLiteral) return `z.literal(${checker.typeToString(t)})`;
  if (t.flags & ts.TypeFlags.StringLike) return 'z.string()';
  if (t.flags & ts.TypeFlags.NumberLike) return 'z.number()';
  if (t.flags & ts.TypeFlags.BooleanLike) return 'z.boolean()';
  if (t.flags & ts.TypeFlags.BigIntLike) return 'z.string()';
  const name = t.getSymbol()?.name;
  if (name === 'Date') return 'isoDateTime';
  if (name === 'Decimal') return 'z.string()';
  if (seen.includes(t) || seen.length > 12) return 'z.unknown()';
  const inner = [...seen, t];
  if (checker.isArrayType(t)) return `z.array(${zodOf(checker, checker.getTypeArguments(t as ts.TypeReference)[0]!, at, inner)})`;
  if (checker.isTupleType(t)) return `z.tuple([${checker.getTypeArguments(t as ts.TypeReference).map((e) => zodOf(checker, e, at, inner)).join(', ')}])`;
  if (t.flags & ts.TypeFlags.Object) {
    // By name: the checker's order of a spread type's properties depends on what it checked first.
    // A method, or a field that is always undefined, is not in the JSON.
    const props = checker.getPropertiesOfType(t).filter((p) => {
      const pt = checker.getTypeOfSymbolAtLocation(p, at);
      return !pt.getCallSignatures().length && !(pt.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Void));
    })
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const index = checker.getIndexInfosOfType(t).find((i) => i.keyType.flags & ts.TypeFlags.String);
    if (!props.length && index) return `z.record(z.string(), ${zodOf(checker, index.type, at, inner)})`;
    if (!props.length && index === undefined && checker.getIndexInfosOfType(t).length) return 'z.record(z.string(), z.unknown())';
    const fields = props.map((p) => {
      const pt = checker.getTypeOfSymbolAtLocation(p, at);
      const optional = (p.flags & ts.SymbolFlags.Optional) !== 0
        || (pt.isUnion() && pt.types.some((u) => u.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Void)));
      const key = /^[A-Za-z_$][\w$]*$/.test(p.name) ? p.name : JSON.stringify(p.name);
      return `${key}: ${zodOf(checker, pt, at, inner)}${optional ? '.optional()' : ''}`;
    });
    return fields.length ? `z.object({ ${fields.join(', ')} })` : 'z.object({})';
  }
  return 'z.unknown()';
}

interface Operation { name: string; method: string; path: string; schema: string }

function literal(obj: ts.ObjectLiteralExpression, key: string): string | undefined {
  const p = obj.properties.find((x): x is ts.PropertyAssignment => ts.isPropertyAssignment(x) && x.name.getText() === key);
  return p && ts.isStringLiteral(p.initializer) ? p.initializer.text : undefined;
}

/** The operations of one route file with the schema of what each handler resolves to (none for a handler that writes its own answer). */
function operations(program: ts.Program, file: string): Operation[] {
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file)!;
  const out: Operation[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node) && node.expression.getText() === 'defineRoute' && ts.isObjectLiteralExpression(node.arguments[0]!)) {
      const obj = node.arguments[0];
      const method = literal(obj, 'method')!;
      const p = literal(obj, 'path')!;
      const handler = obj.properties.find((x): x is ts.PropertyAssignment => ts.isPropertyAssignment(x) && x.name.getText() === 'handler')!;
      const sig = checker.getTypeAtLocation(handler.initializer).getCallSignatures()[0]!;
      const result = checker.getAwaitedType(sig.getReturnType()) ?? sig.getReturnType();
      // A handler that answers through `res` itself (a file download) resolves to nothing: no JSON schema.
      if (!(result.flags & (ts.TypeFlags.Void | ts.TypeFlags.Undefined))) {
        out.push({ name: operationName(method, p), method, path: p, schema: zodOf(checker, result, handler) });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

/** Breaks a generated schema after each object's opening brace and comma at its depth, so a diff shows fields. */
function pretty(code: string, indent = '  '): string {
  let out = '';
  let depth = 0;
  let inString = false;
  for (let i = 0; i < code.length; i++) {
    const c = code[i]!;
    if (c === '"' && code[i - 1] !== '\\') inString = !inString;
    if (inString) { out += c; continue; }
    if (c === '{' && code[i + 1] === ' ') { depth++; out += `{\n${indent.repeat(depth)}`; i++; continue; }
    if (c === ' ' && code[i + 1] === '}') { depth--; out += `,\n${indent.repeat(depth)}`; continue; }
    if (c === ',' && code[i + 1] === ' ' && depth > 0 && /^ [A-Za-z_$"][\w$"]*: /.test(code.slice(i + 1, i + 80))) {
      out += `,\n${indent.repeat(depth)}`; i++; continue;
    }
    out += c;
  }
  return out;
}

export function generate(): Map<string, string> {
  const configPath = path.join(projectRoot, 'tsconfig.json');
  const config = ts.parseJsonConfigFileContent(ts.readConfigFile(configPath, ts.sys.readFile).config, ts.sys, projectRoot);
  const files = AREAS.map((a) => path.join(projectRoot, 'api', 'routes', `${a}.ts`));
  const program = ts.createProgram(files, config.options);
  const out = new Map<string, string>();
  for (const [n, area] of AREAS.entries()) {
    const ops = operations(program, files[n]!);
    const body = ops.map((o) => `/** ${o.method.toUpperCase()} ${o.path} */\nexport const ${o.name} = ${pretty(o.schema)};\n`).join('\n');
    out.set(path.join('api', 'routes', `${area}.responses.ts`), `// Generated by \`npm run gen:responses\` (scripts/response-schemas.ts) from what the handlers in ${area}.ts
// return, as JSON carries it. Do not edit: change the handler and regenerate.
import { z } from 'zod';
${body.includes('isoDateTime') ? "\nconst isoDateTime = z.iso.datetime({ offset: true });\n" : ''}
${body}`);
  }
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const [file, text] of generate()) {
    writeFileSync(path.join(projectRoot, file), text);
    process.stdout.write(`wrote ${file}\n`);
  }
}
