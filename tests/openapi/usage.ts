// Compiled (never run) against the client types openapi-typescript generates from the server's OpenAPI document
// (tests/CookieConsent.Server.Tests/OpenApiToolTests.cs): a change to the document that breaks a client fails CI here.
import type { components, operations, paths } from "./api";

type Schemas = components["schemas"];
type Json<T> = T extends { content: { "application/json": infer Body } } ? Body : never;

// Recording a choice: the body, the forwarded privacy signals and the path ids.
type RecordConsent = operations["RecordConsent"];
const body: Json<NonNullable<RecordConsent["requestBody"]>> = {
  choices: { analytics: true, marketing: false },
  source: "banner",
  visitorIp: "192.0.2.15",
  userAgent: "Mozilla/5.0",
};
// @ts-expect-error the schema has no "admin" member, and the server refuses members it does not define
const forged: Json<NonNullable<RecordConsent["requestBody"]>> = { choices: {}, admin: true };
const signals: NonNullable<RecordConsent["parameters"]["header"]> = { DNT: "1", "Sec-GPC": "1" };
const ids: RecordConsent["parameters"]["path"] = { site: "shop", visitor: "AAAAAAAAAAAAAAAAAAAAAA" };

// Reading the answer: a decision per category, denied unless the answer says allowed.
type Recorded = Json<RecordConsent["responses"][200]>;
export function mayTrack(answer: Recorded, category: string): boolean {
  return answer.decisions?.categories?.some((d) => d.category === category && d.allowed === true) ?? false;
}

// Statistics take an integer number of days.
const query: NonNullable<operations["GetStats"]["parameters"]["query"]> = { days: 30 };
// @ts-expect-error days is a number, not text
const wrongQuery: NonNullable<operations["GetStats"]["parameters"]["query"]> = { days: "30" };

// Errors are problem details; a refused body names the member in "errors".
type Problem = Schemas["ProblemDetails"];
const tooMany: Problem = { type: "https://www.rfc-editor.org/rfc/rfc6585#section-4", title: "Too many requests", status: 429 };
type Invalid = Json<{ content: { "application/json": Schemas["HttpValidationProblemDetails"] } }>;
export function firstError(problem: Invalid): string | undefined {
  const errors = problem.errors ?? {};
  return Object.keys(errors)[0];
}

// A client site's receipt download: the revisions its visitor's receipts name, with their texts per locale.
type Notices = Json<operations["GetReceiptNotices"]["responses"][200]>;
export function categoryName(notices: Notices, revision: string, category: string, locale: string): string | undefined {
  const definition = notices.revisions?.find((r) => r.hash === revision)?.definition;
  return definition?.categories?.find((c) => c.id === category)?.texts?.[locale]?.name ?? undefined;
}
// A wording is the JSON the server stored (strings per locale, some grouped by page), so it is walked, not typed.
export function wordingText(notices: Notices, version: string, locale: string, member: string): string | undefined {
  const stored: unknown = notices.wordings?.[version];
  const strings = isObject(stored) ? stored[locale] : undefined;
  const text = isObject(strings) ? strings[member] : undefined;
  return typeof text === "string" ? text : undefined;
}
function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

// A service-level visitor's receipts (admin key): whether the chain still verifies, and the state it leads to.
type ServiceReceipts = Json<operations["ExportServiceReceipts"]["responses"][200]>;
export function untampered(answer: ServiceReceipts): boolean {
  return answer.chain?.verified === true && (answer.receipts ?? []).every((r) => r.source === "service");
}
const serviceIds: operations["ExportServiceReceipts"]["parameters"]["path"] = { service: "analytics-co", visitor: "AAAAAAAAAAAAAAAAAAAAAA" };

// Every documented path is a key of "paths".
const verify: keyof paths = "/v1/sites/{site}/tokens/verify";

export const used = [body, forged, signals, ids, query, wrongQuery, tooMany, verify, serviceIds];
