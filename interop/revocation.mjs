// What docs/revocation.md asks a Node app to add to enforce IronSeal's revocations (the same lines), and a harness
// for IronSeal's test of them against a real Redis.
// Usage: node revocation.mjs <redis url> <password> <cookie header> [cookieName]
// Prints {"authenticated": bool, "revoked": bool, "user": ...} for the iron-session 8 session that cookie carries.
import { createClient } from "redis";
import { getIronSession } from "iron-session";

// --- docs/revocation.md: the check ------------------------------------------------------------------------------
// A session is revoked when its own key exists, or when its user's key holds a time after its issue time.
export async function isRevoked(redis, { sessionId, issuedAt, userId }, prefix = "ironseal:revoked:") {
  const [session, user] = await redis.mGet([`${prefix}session:${sessionId ?? ""}`, `${prefix}user:${userId ?? ""}`]);
  if (sessionId != null && session != null) return true;
  return userId != null && user != null && (issuedAt == null || issuedAt < Number(user));
}
// iron-session: isRevoked(redis, { sessionId: session._ironseal_sid, issuedAt: session._ironseal_iat, userId: session.user?.id })
// h3:           isRevoked(redis, { sessionId: session.id, issuedAt: session.createdAt, userId: session.data.user?.id })
// ------------------------------------------------------------------------------------------------------------------

const [url, password, cookie, cookieName = "ironseal_sample"] = process.argv.slice(2);
if (url && password) {
  const redis = await createClient({ url }).connect();
  try {
    const req = new Request("http://127.0.0.1/", { headers: cookie ? { cookie } : {} });
    const session = await getIronSession(req, new Response(null), { cookieName, password });
    const revoked = await isRevoked(redis, { sessionId: session._ironseal_sid, issuedAt: session._ironseal_iat, userId: session.user?.id });
    const authenticated = session.user != null && !revoked;
    process.stdout.write(JSON.stringify({ authenticated, revoked, user: session.user ?? null }));
  } finally {
    await redis.quit();
  }
}
