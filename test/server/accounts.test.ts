// Dashboard sign-in over HTTP against the real server: temporary password, forced change, SMS
// enrolment with the sandbox outbox, sessions (cookie, CSRF, timeouts, sign-out), and what a
// session may reach through /graphql.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DashboardSession, DashboardUser } from '../../server/modules/accounts/account.entities.ts';
import { CREATE_INVOICE } from '../support/money-path.ts';
import { DEMO_OPERATOR_EMAIL, DEMO_OWNER_EMAIL, seedDemoSignIns } from '../../server/db/seed.ts';
import { CREATE_MERCHANT_USER, createMerchantUser, DashboardClient, latestCode, signedInUser, smsOutbox } from '../support/dashboard.ts';
import { onboardBusiness, startTestServer, TEST_ADMIN_KEY, type TestServer } from '../support/server.ts';

let server: TestServer;
let businessA: string;
let businessB: string;
let keyB: string;
beforeAll(async () => {
  server = await startTestServer();
  ({ businessId: businessA } = await onboardBusiness(server, { name: 'Alpha Ltd' }));
  ({ businessId: businessB, testKey: keyB } = await onboardBusiness(server, { name: 'Beta Ltd' }));
});
afterAll(() => server.close());

const VIEWER = `{ viewer { business { id name } mode scopes isPlatformAdmin } }`;
const invoiceInput = {
  customer: { name: 'Ada Obi', email: 'ada@example.com' },
  currency: 'NGN',
  lineItems: [{ description: 'Design', quantity: 1, unitAmountMinor: 1_000_000 }],
  dueDate: '2026-12-31',
};
const HOUR = 3600_000;

describe('first sign-in and every later one', () => {
  it('goes temporary password → new password → SMS enrolment → signed in; sign-out; then email, password and a fresh code', async () => {
    const { temporaryPassword } = await createMerchantUser(server, { businessId: businessA, email: 'Owner@Alpha.test', role: 'OWNER' });
    const browser = new DashboardClient(server);
    expect((await browser.session()).body).toEqual({ signedIn: false, stage: 'NONE' });

    const signIn = await browser.signIn('owner@alpha.test', temporaryPassword);
    expect(signIn.status).toBe(200);
    expect(signIn.body).toMatchObject({ stage: 'CHANGE_PASSWORD', factors: [] });
    // The cookie: __Host- prefix, HttpOnly, Secure, SameSite=Strict, Path=/, no Domain.
    const attributes = browser.lastSetCookie!.split(';').map((part) => part.trim());
    expect(attributes[0]).toMatch(/^__Host-pc_session=[A-Za-z0-9_-]{43}$/);
    expect(attributes.slice(1).sort()).toEqual(['HttpOnly', 'Path=/', 'SameSite=Strict', 'Secure']);

    const session = await browser.session();
    expect(session.body).toMatchObject({
      signedIn: false,
      stage: 'CHANGE_PASSWORD',
      user: { email: 'owner@alpha.test', role: 'OWNER', kind: 'MERCHANT', businessId: businessA, businessName: 'Alpha Ltd' },
    });
    expect(session.body.csrfToken).toBe(signIn.body.csrfToken);
    // Not signed in yet: /graphql answers as to anyone.
    expect((await browser.gql(VIEWER)).body.errors[0].extensions.code).toBe('UNAUTHENTICATED');

    expect((await browser.auth('change-password', { newPassword: 'short' })).body.error).toBe('PASSWORD_TOO_SHORT');
    expect((await browser.auth('change-password', { newPassword: 'password1234' })).body.error).toBe('PASSWORD_TOO_COMMON');
    expect((await browser.auth('change-password', { newPassword: 'qwertyuiop123456!' })).body.error).toBe('PASSWORD_TOO_COMMON');
    expect((await browser.auth('change-password', { newPassword: temporaryPassword })).body.error).toBe('PASSWORD_UNCHANGED');
    // A factor cannot be enrolled before the password is changed.
    expect((await browser.auth('sms/enrol', { phone: '+255787123456' })).status).toBe(409);
    const changed = await browser.auth('change-password', { newPassword: 'tembo wa kijani 2026' });
    expect(changed.body).toEqual({ stage: 'ENROL_FACTOR' });

    for (const phone of ['0787123456', '+25578712', '+2557871234567890', 'tel:+255787123456', 12]) {
      expect((await browser.auth('sms/enrol', { phone })).body.error, String(phone)).toBe('PHONE_INVALID');
    }
    const enrol = await browser.auth('sms/enrol', { phone: '+255 787 123 456' });
    expect(enrol.body).toEqual({ phoneHint: '+255 *** ** 34 56' });
    const [message] = await smsOutbox(server, '+255787123456');
    expect(message!.body).toMatch(/\b\d{6}\b/);
    const confirmed = await browser.auth('sms/confirm', { code: await latestCode(server, '+255787123456') });
    expect(confirmed.body).toEqual({ stage: 'DONE' });
    expect((await browser.session()).body).toMatchObject({ signedIn: true, stage: 'DONE', factors: ['SMS'], user: { phoneHint: '+255 *** ** 34 56' } });

    const viewer = await browser.gql(VIEWER);
    expect(viewer.body.data.viewer).toMatchObject({ business: { id: businessA, name: 'Alpha Ltd' }, mode: 'TEST', isPlatformAdmin: false });
    expect(viewer.body.data.viewer.scopes).toContain('settlements:write');
    expect((await browser.gql(VIEWER, undefined, { mode: 'live' })).body.data.viewer.mode).toBe('LIVE');
    expect((await browser.gql(VIEWER, undefined, { mode: 'prod' })).status).toBe(400);

    expect((await browser.auth('sign-out')).status).toBe(204);
    expect(browser.cookie).toBeUndefined();
    expect((await browser.session()).body).toEqual({ signedIn: false, stage: 'NONE' });

    // The temporary password worked once.
    expect((await browser.signIn('owner@alpha.test', temporaryPassword)).status).toBe(401);
    const again = await browser.signIn('owner@alpha.test', 'tembo wa kijani 2026');
    expect(again.body).toMatchObject({ stage: 'VERIFY_FACTOR', factors: ['SMS'] });
    expect((await browser.gql(VIEWER)).body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const before = await latestCode(server, '+255787123456');
    expect((await browser.auth('sms/send')).body).toEqual({ phoneHint: '+255 *** ** 34 56' });
    const fresh = await latestCode(server, '+255787123456');
    // The enrolment code does not sign in.
    if (before !== fresh) expect((await browser.auth('verify', { factor: 'SMS', code: before })).body.error).toBe('CODE_INVALID');
    expect((await browser.auth('verify', { factor: 'SMS', code: fresh })).body).toEqual({ stage: 'DONE' });
    expect((await browser.gql(VIEWER)).body.data.viewer.business.id).toBe(businessA);
  });

  it('answers unknown emails and wrong passwords alike', async () => {
    await createMerchantUser(server, { businessId: businessA, email: 'alike@alpha.test' });
    const browser = new DashboardClient(server);
    const unknown = await browser.signIn('nobody@alpha.test', 'whatever it is 123');
    const wrong = await browser.signIn('alike@alpha.test', 'whatever it is 123');
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
    expect(wrong.body.error).toBe('INVALID_CREDENTIALS');
    expect(browser.cookie).toBeUndefined();
    // A sign-in posted from another site's page is refused before the password is looked at.
    const crossSite = await browser.call('POST', 'auth/sign-in', { email: 'alike@alpha.test', password: 'x' }, { headers: { origin: 'https://evil.example' } });
    expect(crossSite.status).toBe(403);
  });

  it('refuses a temporary password after 72 hours, and one used already', async () => {
    const { temporaryPassword } = await createMerchantUser(server, { businessId: businessA, email: 'late@alpha.test' });
    server.clock.advance(72 * HOUR + 1000);
    try {
      const late = await new DashboardClient(server).signIn('late@alpha.test', temporaryPassword);
      expect(late.status).toBe(401);
      expect(late.body.detail).toMatch(/expired or was already used/);
    } finally {
      server.clock.advance(-(72 * HOUR + 1000));
    }
    const reused = await createMerchantUser(server, { businessId: businessA, email: 'twice@alpha.test' });
    expect((await new DashboardClient(server).signIn('twice@alpha.test', reused.temporaryPassword)).body.stage).toBe('CHANGE_PASSWORD');
    expect((await new DashboardClient(server).signIn('twice@alpha.test', reused.temporaryPassword)).status).toBe(401);
  });
});

describe('sessions', () => {
  it('refuses a state change without the CSRF token, or with another session’s, and writes nothing', async () => {
    const { temporaryPassword, id } = await createMerchantUser(server, { businessId: businessA, email: 'csrf@alpha.test' });
    const browser = new DashboardClient(server);
    await browser.signIn('csrf@alpha.test', temporaryPassword);
    const other = await signedInUser(server, { businessId: businessA, email: 'csrf-other@alpha.test' });
    const hashBefore = (await server.orm.em.fork().findOneOrFail(DashboardUser, { id })).passwordHash;
    for (const csrf of [null, 'wrong', other.csrfToken!]) {
      const refused = await browser.auth('change-password', { newPassword: 'a fine new password 42' }, { csrf });
      expect(refused.status).toBe(403);
      expect(refused.body.error).toBe('CSRF_TOKEN_INVALID');
    }
    expect((await server.orm.em.fork().findOneOrFail(DashboardUser, { id })).passwordHash).toBe(hashBefore);

    // /graphql with a signed-in session: no token (or a wrong one) is 403, and the invoice is not written.
    for (const csrf of [null, 'wrong', browser.csrfToken!]) {
      const refused = await other.gql(CREATE_INVOICE, { input: invoiceInput }, { csrf });
      expect(refused.status).toBe(403);
      expect(refused.body.errors[0].extensions.code).toBe('CSRF_TOKEN_INVALID');
    }
    const listed = await other.gql(`{ invoices(first: 100) { edges { node { id } } } }`);
    expect(listed.body.data.invoices.edges).toEqual([]);
    expect((await other.gql(CREATE_INVOICE, { input: invoiceInput })).body.data.createInvoice.invoice.id).toMatch(/^inv_/);
  });

  it('ends after 30 idle minutes, and 12 hours after sign-in however active', async () => {
    const idle = await signedInUser(server, { businessId: businessA, email: 'idle@alpha.test' });
    server.clock.advance(29 * 60_000);
    expect((await idle.session()).body.signedIn).toBe(true);
    server.clock.advance(29 * 60_000);
    expect((await idle.session()).body.signedIn).toBe(true);
    server.clock.advance(30 * 60_000 + 1000);
    expect((await idle.session()).body).toEqual({ signedIn: false, stage: 'NONE' });
    expect((await idle.gql(VIEWER)).body.errors[0].extensions.code).toBe('UNAUTHENTICATED');

    const busy = await signedInUser(server, { businessId: businessA, email: 'busy@alpha.test' });
    for (let hour = 0; hour < 12; hour++) {
      expect((await busy.gql(VIEWER)).body.data?.viewer.business.id, `hour ${hour}`).toBe(businessA);
      server.clock.advance(20 * 60_000);
      await busy.session();
      server.clock.advance(20 * 60_000);
      await busy.session();
      server.clock.advance(20 * 60_000);
    }
    expect((await busy.gql(VIEWER)).body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const ended = await server.orm.em.fork().find(DashboardSession, { user: busy.userId });
    expect(ended.every((session) => session.endedAt !== null)).toBe(true);
  });

  it('signs out everywhere: every session of the user ends, another user’s does not', async () => {
    const first = await signedInUser(server, { businessId: businessA, email: 'everywhere@alpha.test' });
    const second = new DashboardClient(server);
    await second.signIn('everywhere@alpha.test', first.password);
    await second.auth('sms/send');
    await second.auth('verify', { factor: 'SMS', code: await latestCode(server, first.phone) });
    const bystander = await signedInUser(server, { businessId: businessA, email: 'bystander@alpha.test' });
    expect((await second.gql(VIEWER)).body.data.viewer.business.id).toBe(businessA);

    expect((await first.auth('sign-out-everywhere')).status).toBe(204);
    expect((await second.gql(VIEWER)).body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect((await second.session()).body.stage).toBe('NONE');
    expect((await bystander.gql(VIEWER)).body.data.viewer.business.id).toBe(businessA);
  });

  it('does not open the REST API: it takes keys only', async () => {
    const user = await signedInUser(server, { businessId: businessA, email: 'rest@alpha.test' });
    const response = await fetch(`${server.url}/v1/apps/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: user.cookie!, 'x-csrf-token': user.csrfToken! },
      body: JSON.stringify({ app_id: 'SESSIONAPP', name: 'x', callback_url: 'https://example.com/hook' }),
    });
    expect(response.status).toBe(401);
  });

  it('lets a bearer key win over a session cookie sent with it', async () => {
    const user = await signedInUser(server, { businessId: businessA, email: 'both@alpha.test' });
    const result = await user.gql(VIEWER, undefined, { headers: { authorization: `Bearer ${keyB}` } });
    expect(result.body.data.viewer.business.id).toBe(businessB);
  });
});

describe('the first sign-ins npm start prints', () => {
  it('issues a fresh temporary password each start until one is used, then leaves the user alone', async () => {
    const demo = await onboardBusiness(server, { name: 'Demo Storefront' });
    const passwordIn = (lines: string[], email: string) => / \/ (\S+) \(temporary/.exec(lines.find((line) => line.includes(email)) ?? '')?.[1];
    const first = await seedDemoSignIns(server.orm, server.clock);
    const second = await seedDemoSignIns(server.orm, server.clock);
    const [owner1, owner2] = [passwordIn(first, DEMO_OWNER_EMAIL), passwordIn(second, DEMO_OWNER_EMAIL)];
    expect(owner1 && owner2 && owner1 !== owner2).toBe(true);
    expect(passwordIn(second, DEMO_OPERATOR_EMAIL)).toBeDefined();
    expect((await new DashboardClient(server).signIn(DEMO_OWNER_EMAIL, owner1!)).status).toBe(401);
    const browser = new DashboardClient(server);
    expect((await browser.signIn(DEMO_OWNER_EMAIL, owner2!)).body.stage).toBe('CHANGE_PASSWORD');
    expect((await browser.session()).body.user.businessId).toBe(demo.businessId);
    const third = await seedDemoSignIns(server.orm, server.clock);
    expect(third.find((line) => line.includes(DEMO_OWNER_EMAIL))).toMatch(/signed in before/);
  });
});

describe('what a session reaches', () => {
  it('never another business, by id or in lists', async () => {
    const created = await server.gql(CREATE_INVOICE, { input: invoiceInput }, { key: keyB });
    const invoiceOfB = created.body.data.createInvoice.invoice.id;
    const userA = await signedInUser(server, { businessId: businessA, email: 'reader@alpha.test', role: 'OWNER' });
    expect((await userA.gql(`query ($id: ID!) { invoice(id: $id) { id } }`, { id: invoiceOfB })).body.data.invoice).toBeNull();
    const listed = await userA.gql(`{ invoices(first: 100) { edges { node { id } } } }`);
    expect(listed.body.data.invoices.edges.map((edge: any) => edge.node.id)).not.toContain(invoiceOfB);
    // Nor B's team.
    const team = await userA.gql(`query ($b: ID) { merchantUsers(businessId: $b, first: 50) { edges { node { email businessId } } } }`, { b: businessB });
    expect(team.body.data.merchantUsers.edges.every((edge: any) => edge.node.businessId === businessA)).toBe(true);
  });

  it('gives a READ_ONLY user reads and refuses its mutations with the scope error', async () => {
    const reader = await signedInUser(server, { businessId: businessA, email: 'readonly@alpha.test', role: 'READ_ONLY' });
    expect((await reader.gql(`{ invoices(first: 1) { edges { node { id } } } }`)).body.data.invoices).toBeDefined();
    const refused = await reader.gql(CREATE_INVOICE, { input: invoiceInput });
    expect(refused.body.errors[0].extensions.code).toBe('FORBIDDEN');
    const key = await reader.gql(`mutation { createApiKey(input: { name: "x", mode: TEST, scopes: ["invoices:read"] }) { secret } }`);
    expect(key.body.errors[0].extensions.code).toBe('FORBIDDEN');
    const invite = await reader.gql(`mutation { inviteTeamMember(input: { email: "new@alpha.test", role: OWNER }) { temporaryPassword } }`);
    expect(invite.body.errors[0].extensions.code).toBe('FORBIDDEN');
  });

  it('keeps a dashboard form’s Idempotency-Key per user: the same user replays, another user or business never gets that answer', async () => {
    const CREATE_BILL = `mutation ($input: CreateBillInput!) { createBill(input: $input) { bill { id paymentRef } userErrors { code } } }`;
    const input = { email: 'payer@alpha.test', amountMinor: 12_345 };
    const headers = { 'idempotency-key': 'dash-form-0001' };
    const owner = await signedInUser(server, { businessId: businessA, email: 'idem-owner@alpha.test', role: 'OWNER' });
    const first = (await owner.gql(CREATE_BILL, { input }, { headers })).body.data.createBill.bill;
    const again = (await owner.gql(CREATE_BILL, { input }, { headers })).body.data.createBill.bill;
    expect(again).toEqual(first);
    // A read-only colleague sending the same key and body is refused by its own scopes, not handed the owner's answer.
    const reader = await signedInUser(server, { businessId: businessA, email: 'idem-reader@alpha.test', role: 'READ_ONLY' });
    const refused = await reader.gql(CREATE_BILL, { input }, { headers });
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // Another business's owner gets a bill of its own.
    const { businessId: gamma } = await onboardBusiness(server, { name: 'Gamma Ltd' });
    const other = await signedInUser(server, { businessId: gamma, email: 'idem-owner@gamma.test', role: 'OWNER' });
    const theirs = (await other.gql(CREATE_BILL, { input }, { headers })).body.data.createBill.bill;
    expect(theirs.id).not.toBe(first.id);
    expect((await other.gql(`query ($ref: String!) { bill(paymentRef: $ref) { id } }`, { ref: first.paymentRef })).body.data?.bill ?? null).toBeNull();
  });

  it('tells the dashboard the role’s scopes in the session, the same the API enforces (so it offers only what the role may do)', async () => {
    const reader = await signedInUser(server, { businessId: businessA, email: 'readonly2@alpha.test', role: 'READ_ONLY' });
    const readerScopes: string[] = (await reader.session()).body.user.scopes;
    expect(readerScopes.length).toBeGreaterThan(0);
    expect(readerScopes.every((scope) => scope.endsWith(':read'))).toBe(true);
    expect((await reader.gql('{ viewer { scopes } }')).body.data.viewer.scopes.sort()).toEqual([...readerScopes].sort());
    const finance = await signedInUser(server, { businessId: businessA, email: 'finance2@alpha.test', role: 'FINANCE' });
    const financeScopes: string[] = (await finance.session()).body.user.scopes;
    expect(financeScopes).toContain('settlements:write');
    expect(financeScopes).not.toContain('api_keys:write');
    expect((await finance.gql('{ viewer { scopes } }')).body.data.viewer.scopes.sort()).toEqual([...financeScopes].sort());
  });

  it('lets an owner invite a member of its own business, and refuses the operator-only mutations to merchants', async () => {
    const owner = await signedInUser(server, { businessId: businessA, email: 'boss@alpha.test', role: 'OWNER' });
    const invited = await owner.gql(
      `mutation { inviteTeamMember(input: { email: "dev@alpha.test", role: DEVELOPER }) { user { email role businessId } temporaryPassword userErrors { code } } }`,
    );
    expect(invited.body.data.inviteTeamMember.user).toEqual({ email: 'dev@alpha.test', role: 'DEVELOPER', businessId: businessA });
    const dev = new DashboardClient(server);
    expect((await dev.signIn('dev@alpha.test', invited.body.data.inviteTeamMember.temporaryPassword)).body.stage).toBe('CHANGE_PASSWORD');

    const taken = await owner.gql(`mutation { inviteTeamMember(input: { email: "DEV@alpha.test", role: FINANCE }) { userErrors { code } } }`);
    expect(taken.body.data.inviteTeamMember.userErrors[0].code).toBe('EMAIL_TAKEN');
    const operatorOnly = await owner.gql(CREATE_MERCHANT_USER, { input: { businessId: businessB, email: 'spy@beta.test', role: 'OWNER' } });
    expect(operatorOnly.body.errors[0].extensions.code).toBe('FORBIDDEN');
    expect((await owner.gql(`mutation { unlockMerchantUser(input: { id: "usr_x" }) { userErrors { code } } }`)).body.errors[0].extensions.code).toBe(
      'FORBIDDEN',
    );
    expect((await owner.gql(`mutation { createOperatorUser(input: { email: "op@x.test" }) { temporaryPassword } }`)).body.errors[0].extensions.code).toBe(
      'FORBIDDEN',
    );
    // A key of the business is no owner either.
    const byKey = await server.gql(`mutation { inviteTeamMember(input: { email: "k@beta.test", role: OWNER }) { temporaryPassword } }`, {}, { key: keyB });
    expect(byKey.body.errors[0].extensions.code).toBe('FORBIDDEN');
  });

  it('answers createMerchantUser input problems with its codes and writes nothing', async () => {
    const count = () => server.orm.em.fork().count(DashboardUser, {});
    const before = await count();
    const cases: [Record<string, unknown>, string][] = [
      [{ businessId: 'biz_nope', email: 'a@b.test', role: 'OWNER' }, 'BUSINESS_NOT_FOUND'],
      [{ businessId: businessA, email: 'not an email', role: 'OWNER' }, 'EMAIL_INVALID'],
      [{ businessId: businessA, email: `${'a'.repeat(250)}@b.test`, role: 'OWNER' }, 'EMAIL_INVALID'],
      [{ businessId: businessA, email: 'owner@alpha.test', role: 'OWNER' }, 'EMAIL_TAKEN'],
    ];
    for (const [input, code] of cases) {
      const result = await server.gql(CREATE_MERCHANT_USER, { input }, { key: TEST_ADMIN_KEY });
      expect(result.body.data.createMerchantUser.userErrors[0].code, code).toBe(code);
    }
    expect(await count()).toBe(before);
  });

  it('makes an operator user’s session the platform operator', async () => {
    const created = await server.gql(
      `mutation { createOperatorUser(input: { email: "ops@platform.test" }) { temporaryPassword } }`,
      {},
      { key: TEST_ADMIN_KEY },
    );
    const operator = new DashboardClient(server);
    await operator.signIn('ops@platform.test', created.body.data.createOperatorUser.temporaryPassword);
    await operator.auth('change-password', { newPassword: 'operator console 2026' });
    await operator.auth('sms/enrol', { phone: '+255787000111' });
    await operator.auth('sms/confirm', { code: await latestCode(server, '+255787000111') });
    expect((await operator.session()).body.user).toMatchObject({ kind: 'OPERATOR', role: 'OPERATOR' });
    expect((await operator.gql(VIEWER)).body.data.viewer.isPlatformAdmin).toBe(true);
    const made = await operator.gql(CREATE_MERCHANT_USER, { input: { businessId: businessB, email: 'first@beta.test', role: 'FINANCE' } });
    expect(made.body.data.createMerchantUser.user.businessId).toBe(businessB);
    const users = await operator.gql(`query ($b: ID) { merchantUsers(businessId: $b, first: 10) { edges { node { email role } } } }`, { b: businessB });
    expect(users.body.data.merchantUsers.edges).toEqual([{ node: { email: 'first@beta.test', role: 'FINANCE' } }]);
  });
});
