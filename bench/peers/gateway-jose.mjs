// Node peer of auth-gateway: jose, the RSA key imported once at start, issuer, algorithm and azp checked.
import { importSPKI, jwtVerify } from 'jose';
import { serveGateway, settings } from './gateway-common.mjs';

const key = await importSPKI(settings.jwtKey, 'RS256');
const parties = new Set(settings.authorizedParties);
serveGateway(async (token) => {
  const { payload } = await jwtVerify(token, key, { issuer: settings.issuer, algorithms: ['RS256'], clockTolerance: 5 });
  if (payload.azp && !parties.has(payload.azp)) throw new Error('azp');
  return payload;
});
