// The Node side of the HTTP benchmark (IronSeal.Benchmarks, scenario node-iron-session-read): Node's own http server
// with the real iron-session 8.0.4 reading a session from the request's cookie, as the .NET session-read app does.
// Usage: node bench-server.mjs <password> <cookieName>. Prints "listening <port>" once ready (127.0.0.1, a free port).
// GET / answers the session's userId (empty when the cookie does not open).
import http from "node:http";
import { getIronSession } from "iron-session";

const [password, cookieName] = process.argv.slice(2);
if (!password || !cookieName) throw new Error("usage: node bench-server.mjs <password> <cookieName>");
const options = { cookieName, password, cookieOptions: { secure: false } };

const server = http.createServer(async (req, res) => {
  try {
    const session = await getIronSession(req, res, options);
    res.writeHead(200, { "content-type": "text/plain; charset=utf-8" }).end(session.userId ?? "");
  } catch (error) {
    res.writeHead(500, { "content-type": "text/plain" }).end(String(error?.message ?? error));
  }
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => console.log(`listening ${server.address().port}`));
