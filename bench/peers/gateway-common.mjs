// The part both Node gateway peers share: the gateway's routes and rules on a verified session (onboarding done, the
// path's organization is the session's active one) and a keep-alive reverse proxy to the same upstream as the suite's
// gateway, forwarding the request headers but the hop-by-hop and identity ones, as a Node team would write it.
import cluster from 'node:cluster';
import http from 'node:http';

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization',
  'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'host']);
const IDENTITY = /^(x-user-|x-org-|x-forwarded-|x-auth-|x-clerk-|x-remote-|x-session-|x-tenant-|forwarded$|remote-user$)/;

function problem(res, status, title) {
  res.writeHead(status, { 'content-type': 'application/problem+json' });
  res.end(JSON.stringify({ type: 'about:blank', title, status }));
}

// verify(token) resolves to the session's claims or rejects; env: PORT, UPSTREAM_PORT, PEER_WORKERS (processes)
export function serveGateway(verify) {
  const workers = Number(process.env.PEER_WORKERS || 1);
  if (workers > 1 && cluster.isPrimary) {
    for (let i = 0; i < workers; i++) cluster.fork();
    return;
  }
  const upstreamPort = Number(process.env.UPSTREAM_PORT);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  let sequence = 0;
  http.createServer(async (req, res) => {
    const auth = req.headers.authorization;
    if (!auth || !auth.startsWith('Bearer ')) return problem(res, 401, 'no session');
    let claims;
    try {
      claims = await verify(auth.slice(7));
    } catch {
      return problem(res, 401, 'invalid session');
    }
    let upstreamPath;
    const org = /^\/api\/orgs\/([^/?]+)(.*)$/.exec(req.url);
    if (org) {
      if (!claims.metadata?.onboardingComplete) return problem(res, 403, 'onboarding required');
      // v2 session tokens carry the active organization in "o"
      if (!claims.o?.id) return problem(res, 403, 'no active organization');
      if (claims.o.id !== org[1]) return problem(res, 403, 'organization not active');
      upstreamPath = '/orgs/' + org[1] + org[2];
    } else if (req.url === '/api/me' && req.method === 'GET') {
      if (!claims.metadata?.onboardingComplete) return problem(res, 403, 'onboarding required');
      upstreamPath = '/me';
    } else {
      return problem(res, 404, 'no route');
    }
    const headers = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (!HOP_BY_HOP.has(name) && !IDENTITY.test(name)) headers[name] = value;
    }
    headers['x-request-id'] = `${process.pid}-${++sequence}`;
    headers['x-forwarded-for'] = req.socket.remoteAddress;
    headers['x-forwarded-proto'] = 'http';
    headers['x-forwarded-host'] = req.headers.host;
    const upstream = http.request({ host: '127.0.0.1', port: upstreamPort, method: req.method, path: upstreamPath,
      headers, agent }, (answer) => {
      const out = {};
      for (const [name, value] of Object.entries(answer.headers)) if (!HOP_BY_HOP.has(name)) out[name] = value;
      res.writeHead(answer.statusCode, out);
      answer.pipe(res);
    });
    upstream.on('error', () => { if (!res.headersSent) problem(res, 502, 'upstream unavailable'); else res.destroy(); });
    req.pipe(upstream);
  }).listen(Number(process.env.PORT), '127.0.0.1', () => console.log(`listening on ${process.env.PORT}`));
}

// the gateway's settings, from the same environment variables the suite's gateway reads
export const settings = {
  jwtKey: process.env.CLERK_JWT_KEY,
  issuer: process.env.CLERK_ISSUER,
  authorizedParties: (process.env.CLERK_AUTHORIZED_PARTIES || '').split(',').filter(Boolean),
};
