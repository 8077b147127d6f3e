// FleetFusion SPA: plain ES modules, Clerk's browser SDK (@clerk/clerk-js, installed from npm into node_modules) for
// every authentication step, and the auth-gateway for everything else, with the session token as a bearer token.
import { Clerk } from '/node_modules/@clerk/clerk-js/dist/clerk.no-rhc.mjs';

const $ = (id) => document.getElementById(id);
const PAGES = ['sign-in', 'sign-up', 'forgot-password', 'onboarding', 'dashboard'];
const PUBLIC_PAGES = ['/sign-in', '/sign-up', '/forgot-password'];

// Where the gateway and Clerk are comes from the page's own origin (config.json, written by whoever serves the
// page), never from the address bar: a link must not be able to send the session token to a host of its choosing.
async function loadConfig() {
  const response = await fetch('/config.json', { cache: 'no-store' });
  if (!response.ok) {
    throw new Error('config.json: ' + response.status);
  }
  return response.json();
}

let config;
let clerk;

async function start() {
  config = await loadConfig();
  // the publishable key names the Clerk instance; proxyUrl (the emulator, or a proxy of one's own) overrides its host
  clerk = new Clerk(config.publishableKey, config.proxyUrl ? { proxyUrl: config.proxyUrl } : {});
  await clerk.load();
  await route();
}

// clerk-js navigates to its after-sign-out URL unless given a callback: this page routes itself
const signOut = () => clerk.signOut(() => {});

// ---- the gateway -------------------------------------------------------------------------------------------------

async function gateway(path, options = {}) {
  const token = clerk.session ? await clerk.session.getToken({ skipCache: Boolean(options.freshToken) }) : null;
  const response = await fetch(config.gateway + path, {
    method: options.method || 'GET',
    body: options.body,
    headers: {
      ...(options.body ? { 'Content-Type': 'application/json' } : {}),
      ...(token ? { Authorization: 'Bearer ' + token } : {}),
    },
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

// ---- messages ------------------------------------------------------------------------------------------------------

function fail(error) {
  // Clerk's errors (ClerkAPIResponseError) carry Clerk's own message and code; others their message
  const clerkError = error && error.errors && error.errors[0];
  $('error').textContent = clerkError ? (clerkError.longMessage || clerkError.message) : error.message;
  $('error').dataset.code = clerkError ? clerkError.code : '';
  $('error').hidden = false;
}

function notify(text) {
  $('notice').textContent = text;
  $('notice').hidden = !text;
}

function clearMessages() {
  $('error').hidden = true;
  $('error').textContent = '';
  $('error').dataset.code = '';
}

// ---- routing -----------------------------------------------------------------------------------------------------

function navigate(path) {
  history.pushState(null, '', path);
  return route();
}

function show(page) {
  $('loading').hidden = true;
  for (const id of PAGES) {
    $(id).hidden = id !== page;
  }
}

// The design's redirects: not signed in -> sign-in; onboarding incomplete -> onboarding; any other organization's
// URL (or /) -> one's own dashboard. The gateway reads the session token and says where this user belongs.
async function route() {
  const path = location.pathname;
  if (!clerk.user) {
    renderUserNav(null);
    const page = PUBLIC_PAGES.includes(path) ? path : '/sign-in';
    history.replaceState(null, '', page);
    showPublicPage(page);
    return;
  }
  const current = await gateway('/api/session');
  if (!current.signedIn) {
    // a token the gateway refuses: start again from sign-in
    await signOut();
    return navigate('/sign-in');
  }
  renderUserNav(current);
  if (current.next === '/onboarding') {
    history.replaceState(null, '', '/onboarding');
    show('onboarding');
    return;
  }
  const own = `/${current.orgId}/`;
  if (!(path.startsWith(own) && path.includes('/dashboard'))) {
    history.replaceState(null, '', current.next);
  }
  await dashboard(current);
}

function showPublicPage(page) {
  const id = page.substring(1);
  if (id === 'sign-up') {
    $('sign-up-form').hidden = false;
    $('verify-form').hidden = true;
  }
  if (id === 'forgot-password') {
    $('forgot-form').hidden = false;
    $('reset-form').hidden = true;
  }
  show(id);
}

function renderUserNav(current) {
  $('user-nav').hidden = !current;
  if (!current) {
    return;
  }
  const user = clerk.user;
  $('user-name').textContent = user.fullName || user.primaryEmailAddress?.emailAddress || user.id;
  $('user-org').textContent = clerk.organization?.name || '';
  $('user-role').textContent = current.orgRole || '';
  // Clerk puts only custom (feature) permissions into session tokens, so a role may show none
  const permissions = current.permissions && current.permissions.length ? current.permissions : [null];
  $('user-permissions').replaceChildren(...permissions.map((permission) => {
    const item = document.createElement('li');
    item.textContent = permission || 'no custom permissions';
    item.className = permission ? '' : 'hint';
    return item;
  }));
}

async function dashboard(current) {
  show('dashboard');
  $('role').textContent = current.orgRole;
  const org = await gateway(`/api/orgs/${current.orgId}`);
  $('org-name').textContent = org.name;
  $('user-org').textContent = org.name;
  // tenant-store learns of the organization through Kafka: wait briefly for the members to arrive
  for (let attempt = 0; attempt < 20; attempt++) {
    const page = await gateway(`/api/orgs/${current.orgId}/members`);
    if (page.data.length > 0) {
      $('members').replaceChildren(...page.data.map(memberRow));
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

// ---- forms -------------------------------------------------------------------------------------------------------

function onSubmit(id, handler) {
  $(id).addEventListener('submit', async (event) => {
    event.preventDefault();
    clearMessages();
    const button = event.target.querySelector('button[type=submit]');
    button.disabled = true;
    try {
      await handler(new FormData(event.target));
    } catch (error) {
      fail(error);
    } finally {
      button.disabled = false;
    }
  });
}

onSubmit('sign-in-form', async (form) => {
  const signIn = await clerk.client.signIn.create({ identifier: form.get('email'), password: form.get('password') });
  if (signIn.status !== 'complete') {
    throw new Error('This sign-in needs a step this page does not offer: ' + signIn.status);
  }
  await clerk.setActive({ session: signIn.createdSessionId });
  notify('');
  await navigate('/');
});

onSubmit('sign-up-form', async (form) => {
  await clerk.client.signUp.create({
    emailAddress: form.get('email'), password: form.get('password'),
    firstName: form.get('firstName'), lastName: form.get('lastName'),
  });
  await clerk.client.signUp.prepareEmailAddressVerification({ strategy: 'email_code' });
  $('verify-email').textContent = form.get('email');
  $('sign-up-form').hidden = true;
  $('verify-form').hidden = false;
});

onSubmit('verify-form', async (form) => {
  const signUp = await clerk.client.signUp.attemptEmailAddressVerification({ code: form.get('code') });
  if (signUp.status !== 'complete') {
    throw new Error('The sign-up is not complete: ' + signUp.status);
  }
  await clerk.setActive({ session: signUp.createdSessionId });
  await navigate('/');
});

onSubmit('forgot-form', async (form) => {
  await clerk.client.signIn.create({ strategy: 'reset_password_email_code', identifier: form.get('email') });
  $('reset-email').textContent = form.get('email');
  $('forgot-form').hidden = true;
  $('reset-form').hidden = false;
});

onSubmit('reset-form', async (form) => {
  const signIn = await clerk.client.signIn.attemptFirstFactor({
    strategy: 'reset_password_email_code', code: form.get('code'), password: form.get('password'),
  });
  if (signIn.status !== 'complete') {
    throw new Error('The password reset is not complete: ' + signIn.status);
  }
  // the design sends the user back to sign-in with the new password rather than signing them in
  await signOut();
  notify('Your password was changed. Sign in with the new one.');
  await navigate('/sign-in');
});

onSubmit('onboarding-form', async (form) => {
  showFieldErrors([]);
  const text = (name) => (form.get(name) || '').trim() || null;
  let created;
  try {
    created = await gateway('/api/onboarding', {
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
  } catch (error) {
    showFieldErrors((error.body && error.body.errors) || []);
    throw error;
  }
  // the new organization and the completed onboarding reach the token once Clerk's session knows them: reload the
  // memberships, make the organization active, and ask for a fresh token
  await clerk.session.reload();
  await clerk.setActive({ organization: created.organizationId });
  await clerk.session.getToken({ skipCache: true });
  await navigate(created.next || '/');
});

// The problem details' errors[] ({field, message}) next to their fields: "address.country" is the country input.
function showFieldErrors(errors) {
  for (const old of document.querySelectorAll('#onboarding-form .field-error')) {
    old.remove();
  }
  for (const input of document.querySelectorAll('#onboarding-form [data-field]')) {
    input.removeAttribute('aria-invalid');
  }
  for (const { field, message } of errors) {
    const input = document.querySelector(`#onboarding-form [data-field="${CSS.escape(field)}"]`);
    if (!input) {
      continue;
    }
    const note = document.createElement('small');
    note.className = 'field-error';
    note.dataset.errorFor = field;
    note.textContent = message;
    input.setAttribute('aria-invalid', 'true');
    input.after(note);
  }
}

$('sign-out').addEventListener('click', async () => {
  clearMessages();
  try {
    await signOut();
    notify('');
    await navigate('/');
  } catch (error) {
    fail(error);
  }
});

// links inside the page change the route without reloading (clerk-js keeps its state)
document.addEventListener('click', (event) => {
  const link = event.target.closest('a[data-link]');
  if (link) {
    event.preventDefault();
    clearMessages();
    navigate(link.getAttribute('href')).catch(fail);
  }
});
window.addEventListener('popstate', () => route().catch(fail));

start().catch((error) => {
  $('loading').hidden = true;
  fail(error);
});
