// Node peer of auth-gateway: Clerk's own networkless verification (@clerk/backend verifyToken with the PEM key).
import { verifyToken } from '@clerk/backend';
import { serveGateway, settings } from './gateway-common.mjs';

const options = { jwtKey: settings.jwtKey, issuer: settings.issuer, authorizedParties: settings.authorizedParties };
serveGateway((token) => verifyToken(token, options));
