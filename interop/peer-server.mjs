// A Node HTTP server on 127.0.0.1 using the real iron-session (8.0.4 or 9.0.1) with the sample's cookie name and
// password, for IronSeal's cross-stack tests. Usage: node peer-server.mjs v8|v9 <password> [cookieName]
// Prints "listening <port>" once ready. Routes (iron-session's guide endpoints):
//   GET    /api/session            -> {"authenticated": false} or {"authenticated": true, "user": {...}}
//   POST   /api/session?login=ada  -> signs in as that demo user (same shape as the sample: { id, login, name, role })
//   DELETE /api/session            -> destroys the session
import http from "node:http";
import * as v8 from "iron-session";
import * as v9 from "iron-session-v9";

const [lib = "v8", password, cookieName = "ironseal_sample"] = process.argv.slice(2);
if (!password) throw new Error("usage: node peer-server.mjs v8|v9 <password> [cookieName]");
const { getIronSession } = lib === "v9" ? v9 : v8;
const users = { ada: { id: "1", login: "ada", name: "Ada Lovelace", role: "admin" }, alan: { id: "2", login: "alan", name: "Alan Turing", role: "user" } };
const options = { cookieName, password, ttl: 7 * 24 * 3600, cookieOptions: { secure: false } };

const server = http.createServer(async (req, res) => {
  try {
    const url = new URL(req.url, "http://127.0.0.1");
    const session = await getIronSession(req, res, options);
    if (url.pathname !== "/api/session") {
      res.writeHead(404).end();
      return;
    }
    if (req.method === "POST") {
      const user = users[url.searchParams.get("login")];
      if (!user) {
        res.writeHead(400).end();
        return;
      }
      session.user = user;
      await session.save();
    } else if (req.method === "DELETE") {
      session.destroy();
    }
    const body = session.user ? { authenticated: true, user: session.user } : { authenticated: false };
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
  } catch (error) {
    res.writeHead(500, { "content-type": "text/plain" }).end(String(error?.stack ?? error));
  }
});
server.listen(0, "127.0.0.1", () => console.log(`listening ${server.address().port}`));
