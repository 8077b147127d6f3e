// FleetFusion SPA: plain JavaScript against the auth-gateway, with session tokens from the Clerk emulator.
// The gateway and the emulator are other origins: every call is a CORS request with a bearer token.
'use strict';

// Where the gateway and Clerk are comes from the page's own origin (config.json, written by whoever serves the
// page), never from the address bar: a link must not be able to send the session token to a host of its choosing.
const config = {};
const configured = fetch('/config.json', { cache: 'no-store' }).then((response) => {
  if (!response.ok) {
    throw new Error('config.json: ' + response.status);
  }
  return response.json();
}).then((loaded) => Object.assign(config, { gateway: loaded.gateway, clerk: loaded.clerk }));

const $ = (id) => document.getElementById(id);

// What Clerk's frontend SDK keeps: the signed-in user and a short-lived session token it refreshes.
const session = {
  get userId() { return sessionStorage.getItem('userId'); },
  set userId(value) { value ? sessionStorage.setItem('userId', value) : sessionStorage.removeItem('userId'); },
  token: null,
};

async function call(base, path, options = {}) {
  const response = await fetch(base + path, {
    ...options,
    headers: { 'Content-Type': 'application/json', ...(options.headers || {}) },
  });
  const text = await response.text();
  const body = text ? JSON.parse(text) : null;
  if (!response.ok) {
    const error = new Error((body && (body.detail || body.title)) || response.statusText);
    error.status = response.status;
    error.body = body;
    throw error;
  }
  return body;
}

const gateway = (path, options = {}) => call(config.gateway, path, {
  ...options,
  headers: { ...(session.token ? { Authorization: 'Bearer ' + session.token } : {}), ...(options.headers || {}) },
});

// Clerk's frontend refreshes the session token (the emulator mints it); the active organization is the latest.
async function refreshToken() {
  const minted = await call(config.clerk, '/__emulator/tokens', {
    method: 'POST',
    body: JSON.stringify({ user_id: session.userId, azp: location.origin }),
  });
  session.token = minted.jwt;
}

function show(section) {
  for (const id of ['sign-in', 'onboarding', 'dashboard']) {
    $(id).hidden = id !== section;
  }
}

function fail(error) {
  $('error').textContent = error.message;
  $('error').hidden = false;
}

async function route() {
  $('error').hidden = true;
  if (session.userId && !session.token) {
    await refreshToken();
  }
  const current = await gateway('/api/session');
  $('sign-out').hidden = !current.signedIn;
  $('who').textContent = current.signedIn ? current.userId : '';
  if (!current.signedIn || current.next === '/sign-in') {
    history.replaceState(null, '', '/sign-in');
    show('sign-in');
  } else if (current.next === '/onboarding') {
    history.replaceState(null, '', '/onboarding');
    show('onboarding');
  } else {
    history.replaceState(null, '', current.next);
    await dashboard(current);
  }
}

async function dashboard(current) {
  show('dashboard');
  $('role').textContent = current.orgRole;
  const org = await gateway(`/api/orgs/${current.orgId}`);
  $('org-name').textContent = org.name;
  // tenant-store learns of the organization through Kafka: wait briefly for the members to arrive
  for (let attempt = 0; attempt < 20; attempt++) {
    const page = await gateway(`/api/orgs/${current.orgId}/members`);
    const members = page.data;
    if (members.length > 0) {
      $('members').replaceChildren(...members.map(memberRow));
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

function memberRow(member) {
  // what Clerk shows a member of the others: public user data and role
  const user = member.publicUserData || {};
  const name = [user.firstName, user.lastName].filter(Boolean).join(' ');
  const row = document.createElement('tr');
  for (const text of [name, user.identifier, member.role]) {
    const cell = document.createElement('td');
    cell.textContent = text || '';
    row.append(cell);
  }
  return row;
}

$('sign-in-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  try {
    const user = await call(config.clerk, '/__emulator/sign-ups', {
      method: 'POST',
      body: JSON.stringify({ email: form.get('email'), first_name: form.get('first_name'), last_name: form.get('last_name') }),
    });
    session.userId = user.id;
    session.token = null;
    await route();
  } catch (error) {
    fail(error);
  }
});

$('onboarding-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  const text = (name) => (form.get(name) || '').trim() || null;
  try {
    await gateway('/api/onboarding', {
      method: 'POST',
      body: JSON.stringify({
        organizationName: text('organizationName'),
        legalName: text('legalName'),
        usdotNumber: text('usdotNumber'),
        fleetSize: form.get('fleetSize') ? Number(form.get('fleetSize')) : null,
        contactPhone: text('contactPhone'),
        address: {
          line1: text('line1'), line2: null, city: text('city'), region: text('region'),
          postalCode: text('postalCode'), country: text('country'),
        },
      }),
    });
    // the answer says refreshSession: the new organization and metadata reach the token on refresh
    await refreshToken();
    await route();
  } catch (error) {
    const fields = error.body && error.body.errors
      ? ': ' + error.body.errors.map((e) => `${e.field}: ${e.message}`).join('; ') : '';
    fail(new Error(error.message + fields));
  }
});

$('sign-out').addEventListener('click', async () => {
  session.userId = null;
  session.token = null;
  await configured.then(route).catch(fail);
});

configured.then(route).catch(fail);
