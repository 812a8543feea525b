// An app's use of API v3's generated TypeScript types (openapi-typescript): what it
// sends in a title-only PATCH, and the typed errors it reads from a 422 and a 429.
// tests/test_generated_typescript_client.py checks it with `tsc --strict`.
import type { components, paths } from "./api";

type Problem = components["schemas"]["Problem"];
type Update = paths["/api/v3/pages/{page_id}/"]["patch"];

// PATCH sends only what changes: every field of the patch schema is optional.
export const titleOnly: Update["requestBody"]["content"]["application/json"] = {
  title: "Bone sarcoma",
};

// A refused write is a Problem whose errors name the value at fault.
export function pathsAtFault(
  refused: Update["responses"][422]["content"]["application/problem+json"],
): string[] {
  return (refused.errors ?? []).map((error) => error.path ?? error.loc.join("."));
}

// A rate-limited appointment request is a Problem too.
type Appointments = paths["/api/v3/appointments/"]["post"];
export function waitFor(
  limited: Appointments["responses"][429]["content"]["application/problem+json"],
): Problem["detail"] {
  return limited.detail;
}

// The change feed's entries: live ones say where to fetch the page, tombstones do not.
type Feed = paths["/api/v3/changes/"]["get"]["responses"][200]["content"]["application/json"];
export function urlsToFetch(feed: Feed): string[] {
  return feed.items.flatMap((item) => ("detail_url" in item ? [item.detail_url] : []));
}
