// Clerk's JavaScript Backend SDK (@clerk/backend), unchanged but for apiUrl, against a running clerk-emulator.
// Usage (README.md beside this file): EMULATOR_URL=http://127.0.0.1:8090 node backend-sdk-check.mjs
import assert from 'node:assert/strict';
import { createClerkClient, verifyToken } from '@clerk/backend';

const emulator = (process.env.EMULATOR_URL || 'http://127.0.0.1:8090').replace(/\/$/, '');
const secretKey = process.env.CLERK_SECRET_KEY || 'sk_test_fleetfusion_emulator';
const authorizedParty = process.env.AUTHORIZED_PARTY || 'http://localhost:5173';
const clerk = createClerkClient({ secretKey, apiUrl: emulator });
const run = Date.now().toString(36);

// the emulator's control API stands in for Clerk's sign-up and frontend (users, session tokens)
async function control(path, body) {
  const res = await fetch(`${emulator}/__emulator${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  assert.equal(res.status, 200, `${path} answered ${res.status}`);
  return res.json();
}

async function clerkErrorOf(promise) {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  assert.fail('the call succeeded');
}

const checks = [];
const check = (name, fn) => checks.push({ name, fn });
const state = {};

check('users.getUser reads the user', async () => {
  state.admin = (await control('/sign-ups', { email: `js-admin-${run}@fleetfusion.test`, first_name: 'Ada' })).id;
  state.member = (await control('/sign-ups', { email: `js-member-${run}@fleetfusion.test`, first_name: 'Bo' })).id;
  const user = await clerk.users.getUser(state.admin);
  assert.equal(user.id, state.admin);
  assert.equal(user.primaryEmailAddress?.emailAddress, `js-admin-${run}@fleetfusion.test`);
});

check('users.getUserList pages with a totalCount (GET /v1/users and /v1/users/count)', async () => {
  const list = await clerk.users.getUserList({ query: `js-admin-${run}` });
  assert.equal(list.totalCount, 1);
  assert.deepEqual(list.data.map(u => u.id), [state.admin]);
});

check('organizations.createOrganization with a creator', async () => {
  const org = await clerk.organizations.createOrganization({ name: 'JS Fleet', slug: `js-fleet-${run}`,
    createdBy: state.admin });
  assert.match(org.id, /^org_/);
  assert.equal(org.slug, `js-fleet-${run}`);
  state.org = org.id;
});

check('organizations.getOrganization by slug', async () => {
  const org = await clerk.organizations.getOrganization({ slug: `js-fleet-${run}` });
  assert.equal(org.id, state.org);
  assert.equal(org.membersCount, 1);
});

check('organizations.createOrganizationMembership, then the duplicate refused with Clerk\'s code', async () => {
  const membership = await clerk.organizations.createOrganizationMembership({ organizationId: state.org,
    userId: state.member, role: 'org:member' });
  assert.equal(membership.role, 'org:member');
  assert.equal(membership.publicUserData?.userId, state.member);
  const error = await clerkErrorOf(clerk.organizations.createOrganizationMembership({ organizationId: state.org,
    userId: state.member, role: 'org:member' }));
  assert.equal(error.status, 400);
  assert.equal(error.errors?.[0]?.code, 'already_a_member_in_organization');
  assert.ok(error.clerkTraceId, 'clerk_trace_id carried over');
});

check('organizations.getOrganizationMembershipList', async () => {
  const list = await clerk.organizations.getOrganizationMembershipList({ organizationId: state.org, limit: 10 });
  assert.equal(list.totalCount, 2);
  assert.deepEqual(list.data.map(m => m.publicUserData?.userId).sort(), [state.admin, state.member].sort());
});

check('users.updateUserMetadata merges public metadata', async () => {
  const user = await clerk.users.updateUserMetadata(state.admin, { publicMetadata: { onboardingComplete: true } });
  assert.equal(user.publicMetadata.onboardingComplete, true);
});

check('verifyToken accepts an emulator session token with the JWKS from the Backend API', async () => {
  const { jwt } = await control('/tokens', { user_id: state.admin, organization_id: state.org });
  const claims = await verifyToken(jwt, { secretKey, apiUrl: emulator, authorizedParties: [authorizedParty] });
  assert.equal(claims.sub, state.admin);
  assert.equal(claims.o?.id ?? claims.org_id, state.org);
});

check('verifyToken refuses an expired token', async () => {
  const { jwt } = await control('/tokens', { user_id: state.admin, defect: 'expired' });
  const error = await clerkErrorOf(verifyToken(jwt, { secretKey, apiUrl: emulator,
    authorizedParties: [authorizedParty] }));
  assert.equal(error.reason, 'token-expired');
});

check('organizations.deleteOrganization, then reading it is resource_not_found', async () => {
  const deleted = await clerk.organizations.deleteOrganization(state.org);
  assert.equal(deleted.deleted, true);
  assert.equal(deleted.id, state.org);
  const error = await clerkErrorOf(clerk.organizations.getOrganization({ organizationId: state.org }));
  assert.equal(error.status, 404);
  assert.equal(error.errors?.[0]?.code, 'resource_not_found');
});

check('a wrong secret key is refused with clerk_key_invalid', async () => {
  const wrong = createClerkClient({ secretKey: 'sk_test_not_the_key', apiUrl: emulator });
  const error = await clerkErrorOf(wrong.users.getUser(state.admin));
  assert.equal(error.status, 401);
  assert.equal(error.errors?.[0]?.code, 'clerk_key_invalid');
});

let passed = 0;
let failed = 0;
for (const { name, fn } of checks) {
  try {
    await fn();
    passed++;
    console.log(`ok   ${name}`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}\n     ${e.message}`);
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
