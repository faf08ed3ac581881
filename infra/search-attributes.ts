// Registers the case workflows' search attributes (workflows/search-attributes.ts) on a
// Temporal server: the dev server takes them as start-up flags, a cluster and the time-skipping
// test server through the Operator API. Temporal Cloud: `tcld namespace search-attributes add`.
import type { Connection } from '@temporalio/client';
import { TypedSearchAttributes, type SearchAttributeType } from '@temporalio/common';
import proto from '@temporalio/proto'; // CommonJS: no named exports under Node's ESM loader
import { SEARCH_KEYS } from '../workflows/search-attributes.ts';

export const searchAttributes = Object.values(SEARCH_KEYS);

const { IndexedValueType: T } = proto.temporal.api.enums.v1;
const indexedType: Record<SearchAttributeType, proto.temporal.api.enums.v1.IndexedValueType> = {
  TEXT: T.INDEXED_VALUE_TYPE_TEXT, KEYWORD: T.INDEXED_VALUE_TYPE_KEYWORD, INT: T.INDEXED_VALUE_TYPE_INT,
  DOUBLE: T.INDEXED_VALUE_TYPE_DOUBLE, BOOL: T.INDEXED_VALUE_TYPE_BOOL, DATETIME: T.INDEXED_VALUE_TYPE_DATETIME,
  KEYWORD_LIST: T.INDEXED_VALUE_TYPE_KEYWORD_LIST,
};

/** `--search-attribute Name=Type` pairs for `temporal server start-dev`. */
export const devServerSearchAttributeArgs = (): string[] =>
  searchAttributes.flatMap((k) => ['--search-attribute', `${k.name}=${TypedSearchAttributes.toMetadataType(k.type)}`]);

const GRPC_UNIMPLEMENTED = 12;

/** Adds the attributes that are missing from `namespace` (idempotent; existing ones are left alone). */
export async function registerSearchAttributes(connection: Connection, namespace: string): Promise<string[]> {
  // The time-skipping test server cannot list them (UNIMPLEMENTED); it always starts empty.
  const listed = await connection.operatorService.listSearchAttributes({ namespace }).catch((e: { code?: number }) => {
    if (e.code === GRPC_UNIMPLEMENTED) return { customAttributes: {} as Record<string, unknown> };
    throw e;
  });
  const missing = searchAttributes.filter((k) => !listed.customAttributes?.[k.name]);
  if (!missing.length) return [];
  await connection.operatorService.addSearchAttributes({
    namespace,
    searchAttributes: Object.fromEntries(missing.map((k) => [k.name, indexedType[k.type]])),
  });
  return missing.map((k) => k.name);
}
