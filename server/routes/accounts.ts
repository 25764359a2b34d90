// Accounts: administrators create officials, set their unit and roles, deactivate them, reset
// passwords, add units and import a list; everyone changes their own password. Every change is
// audited (who did what to whom, never a password).
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { IdParams, NewUnit, NewUser, PasswordChange, UserImport, UserPatch } from '../../schemas/api/types.ts';
import type { Database } from '../db/schema.ts';
import { errorResponses, ref, SESSION_COOKIE, sessionCookie } from '../route-schemas.ts';
import { langOf, qtError } from '../errors.ts';
import { isAdmin, ROLES } from '../access.ts';
import { hashPassword, randomPassword, verifyPassword } from '../auth/passwords.ts';
import { weakPassword } from '../auth/password-rules.ts';
import { appendAudit } from '../stores/audit.ts';
import {
  createSession,
  createUnit,
  createUser,
  deleteUserSessions,
  findUnitByName,
  findUserByUsername,
  getAccount,
  listAccounts,
  listUnits,
  lockUser,
  otherActiveAdmins,
  toSessionUser,
  unitKey,
} from '../stores/users.ts';
import { checkImport } from '../user-import.ts';
import { firstAddress } from '../stores/digest.ts';
import { normaliseEmail } from '../../engine/index.ts';

type Db = Kysely<Database>;

const isUniqueViolation = (err: unknown) => (err as { code?: string }).code === '23505';

export const accountRoutes: FastifyPluginAsync<{ passwordRateLimit: { max: number; timeWindowMs: number } }> = async (app, opts) => {
  const { store, clock } = app.qt;
  const db = store.db;
  const tags = ['users'];
  const requireAdmin = async (req: FastifyRequest) => {
    if (!isAdmin(req.user!)) throw qtError('QT_FORBIDDEN');
  };
  const admin = [app.authenticate, requireAdmin];

  /** Closes the user's WebSockets on this process at once: their sessions have ended (other processes close them at their next push). */
  const closeSockets = (userId: string) => app.qt.hub.closeUser(userId);

  async function unitExists(tx: Db, id: string): Promise<boolean> {
    return !!(await tx.selectFrom('units').select('id').where('id', '=', id).executeTakeFirst());
  }
  function checkRoles(roles: string[]) {
    const unknown = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
    if (unknown.length) throw qtError('QT_UNKNOWN_ROLE', { details: [{ field: 'roles', roles: unknown }] });
  }
  /** The address to store (null: none), or 422 QT_EMAIL_INVALID naming the field. */
  function checkEmail(raw: string | null | undefined, field = 'email'): string | null {
    const email = normaliseEmail(raw);
    if (email === 'invalid') throw qtError('QT_EMAIL_INVALID', { details: [{ field }] });
    return email;
  }
  function checkStrength(password: string, username: string, field: string) {
    const weak = weakPassword(password, username);
    if (weak) throw qtError('QT_PASSWORD_WEAK', { messages: weak.messages, details: [{ field, reason: weak.reason }] });
  }

  app.get(
    '/api/units',
    { preHandler: app.authenticate, schema: { tags, summary: 'Units (agencies)', response: { 200: ref('units'), ...errorResponses } } },
    async () => ({ units: await listUnits(db) }),
  );

  app.post<{ Body: NewUnit }>(
    '/api/units',
    { preHandler: admin, schema: { tags, summary: 'Add a unit (admin)', body: ref('new-unit'), response: { 201: ref('unit-answer'), ...errorResponses } } },
    async (req, reply) => {
      const name = req.body.name.trim();
      if (await findUnitByName(db, name)) throw qtError('QT_UNIT_NAME_TAKEN', { details: [{ field: 'name' }] });
      const now = clock.now();
      const unit = await db.transaction().execute(async (tx) => {
        const u = await createUnit(tx, name, now);
        await appendAudit(tx, { at: now, actorId: req.user!.id, action: 'unit.created', requestId: req.id, caseId: null, detail: { unitId: u.id, name } });
        return u;
      });
      return reply.status(201).send({ unit });
    },
  );

  app.get(
    '/api/users',
    { preHandler: admin, schema: { tags, summary: 'Accounts, with unit, roles, active, last sign-in (admin)', response: { 200: ref('users'), ...errorResponses } } },
    async () => ({ users: await listAccounts(db) }),
  );

  app.post<{ Body: NewUser }>(
    '/api/users',
    {
      preHandler: admin,
      schema: {
        tags,
        summary: 'Create an account (admin); without a password the server makes a temporary one, answered once',
        body: ref('new-user'),
        response: { 201: ref('account-answer'), ...errorResponses },
      },
    },
    async (req, reply) => {
      const { username, roles, unitId } = req.body;
      const displayName = req.body.displayName.trim();
      checkRoles(roles);
      const email = checkEmail(req.body.email);
      if (!(await unitExists(db, unitId))) throw qtError('QT_UNKNOWN_UNIT', { details: [{ field: 'unitId' }] });
      const temporary = req.body.password === undefined ? randomPassword() : null;
      const password = req.body.password ?? temporary!;
      checkStrength(password, username, 'password');
      if (await findUserByUsername(db, username)) throw qtError('QT_USERNAME_TAKEN', { details: [{ field: 'username' }] });
      const passwordHash = await hashPassword(password);
      const now = clock.now();
      const id = await db
        .transaction()
        .execute(async (tx) => {
          const id = await createUser(tx, { username, displayName, unitId, roles, passwordHash, mustChangePassword: true, email }, now);
          await appendAudit(tx, { at: now, actorId: req.user!.id, action: 'user.created', requestId: req.id, caseId: null, detail: { userId: id, username, displayName, unitId, roles, email } });
          return id;
        })
        .catch((err) => {
          throw isUniqueViolation(err) ? qtError('QT_USERNAME_TAKEN', { details: [{ field: 'username' }] }) : err;
        });
      const user = (await getAccount(db, id))!;
      return reply.status(201).send(temporary ? { user, temporaryPassword: temporary } : { user });
    },
  );

  app.patch<{ Params: IdParams; Body: UserPatch }>(
    '/api/users/:id',
    {
      preHandler: admin,
      schema: {
        tags,
        summary: 'Change an account (admin): name, unit, roles, active; resetPassword: a temporary password, answered once',
        params: ref('id-params'),
        body: ref('user-patch'),
        response: { 200: ref('account-answer'), ...errorResponses },
      },
    },
    async (req) => {
      const body = req.body;
      const me = req.user!;
      if (body.roles) checkRoles(body.roles);
      const email = body.email === undefined ? undefined : checkEmail(body.email);
      const temporary = body.resetPassword ? randomPassword() : null;
      const temporaryHash = temporary ? await hashPassword(temporary) : null;
      const now = clock.now();
      const endedSessions = await db.transaction().execute(async (tx) => {
        const row = await lockUser(tx, req.params.id);
        if (!row) throw qtError('QT_NOT_FOUND');
        const changes: Record<string, { from: unknown; to: unknown }> = {};
        const set: { display_name?: string; unit_id?: string; roles?: string[]; active?: boolean; email?: string | null } = {};
        const displayName = body.displayName?.trim();
        if (displayName !== undefined && displayName !== row.display_name) {
          changes.displayName = { from: row.display_name, to: displayName };
          set.display_name = displayName;
        }
        if (body.unitId !== undefined && body.unitId !== row.unit_id) {
          if (!(await unitExists(tx, body.unitId))) throw qtError('QT_UNKNOWN_UNIT', { details: [{ field: 'unitId' }] });
          changes.unitId = { from: row.unit_id, to: body.unitId };
          set.unit_id = body.unitId;
        }
        if (email !== undefined && email !== row.email) {
          changes.email = { from: row.email, to: email };
          set.email = email;
        }
        if (body.roles && !sameRoles(body.roles, row.roles)) {
          changes.roles = { from: row.roles, to: body.roles };
          set.roles = body.roles;
        }
        if (body.active !== undefined && body.active !== row.active) {
          if (!body.active && row.id === me.id) throw qtError('QT_CANNOT_DEACTIVATE_SELF', { details: [{ field: 'active' }] });
          changes.active = { from: row.active, to: body.active };
          set.active = body.active;
        }
        const wasAdmin = row.active && row.roles.includes('admin');
        const staysAdmin = (set.active ?? row.active) && (set.roles ?? row.roles).includes('admin');
        if (wasAdmin && !staysAdmin && (await otherActiveAdmins(tx, row.id)) === 0) {
          throw qtError('QT_LAST_ADMIN', { details: [{ field: set.active === false ? 'active' : 'roles' }] });
        }
        if (Object.keys(set).length) await tx.updateTable('users').set({ ...set, ...(set.email ? firstAddress(now) : {}) }).where('id', '=', row.id).execute();
        const who = { userId: row.id, username: row.username };
        if (Object.keys(changes).length) {
          await appendAudit(tx, { at: now, actorId: me.id, action: 'user.updated', requestId: req.id, caseId: null, detail: { ...who, changes } });
        }
        if (temporaryHash) {
          await tx.updateTable('users').set({ password_hash: temporaryHash, must_change_password: true }).where('id', '=', row.id).execute();
          await appendAudit(tx, { at: now, actorId: me.id, action: 'user.password_reset', requestId: req.id, caseId: null, detail: who });
        }
        // A deactivated account, or one whose password an administrator replaced, is signed out everywhere.
        if (set.active === false || temporaryHash) {
          const n = await deleteUserSessions(tx, row.id);
          if (n) await appendAudit(tx, { at: now, actorId: me.id, action: 'user.sessions_ended', requestId: req.id, caseId: null, detail: { ...who, sessions: n } });
          return true;
        }
        return false;
      });
      if (endedSessions) closeSockets(req.params.id);
      const user = (await getAccount(db, req.params.id))!;
      return temporary ? { user, temporaryPassword: temporary } : { user };
    },
  );

  app.post<{ Body: UserImport }>(
    '/api/users/import',
    {
      preHandler: admin,
      schema: {
        tags,
        summary: 'Create accounts from a CSV (admin): all or nothing; dryRun: the rows and their problems, nothing written',
        body: ref('user-import'),
        response: { 200: ref('user-import-result'), 201: ref('user-import-result'), ...errorResponses },
      },
    },
    async (req, reply) => {
      const lang = langOf(req.headers['accept-language']);
      const { rows, problems } = await checkImport(db, req.body.csv, lang);
      if (req.body.dryRun) return { dryRun: true, rows, problems, created: [], unitsCreated: [] };
      if (problems.length) throw qtError('QT_IMPORT_INVALID', { details: problems });
      const passwords = rows.map(() => randomPassword());
      const hashes = await Promise.all(passwords.map((p) => hashPassword(p)));
      const now = clock.now();
      const me = req.user!;
      const done = await db
        .transaction()
        .execute(async (tx) => {
          const units = new Map((await listUnits(tx)).map((u) => [unitKey(u.name), u]));
          const unitsCreated = [];
          const ids: string[] = [];
          for (const [i, row] of rows.entries()) {
            const key = unitKey(row.unit);
            let unit = units.get(key);
            if (!unit) {
              unit = await createUnit(tx, row.unit, now);
              units.set(key, unit);
              unitsCreated.push(unit);
              await appendAudit(tx, { at: now, actorId: me.id, action: 'unit.created', requestId: req.id, caseId: null, detail: { unitId: unit.id, name: unit.name, via: 'import' } });
            }
            const user = { username: row.username, displayName: row.displayName, unitId: unit.id, roles: row.roles, email: row.email };
            const id = await createUser(tx, { ...user, passwordHash: hashes[i]!, mustChangePassword: true }, now);
            await appendAudit(tx, { at: now, actorId: me.id, action: 'user.created', requestId: req.id, caseId: null, detail: { userId: id, ...user, via: 'import' } });
            ids.push(id);
          }
          return { ids, unitsCreated };
        })
        .catch((err) => {
          throw isUniqueViolation(err) ? qtError('QT_USERNAME_TAKEN') : err;
        });
      const accounts = new Map((await listAccounts(db)).map((a) => [a.id, a]));
      const created = done.ids.map((id, i) => ({ user: accounts.get(id)!, temporaryPassword: passwords[i]! }));
      return reply.status(201).send({ dryRun: false, rows, problems: [], created, unitsCreated: done.unitsCreated });
    },
  );

  app.post<{ Body: PasswordChange }>(
    '/api/me/password',
    {
      preHandler: app.authenticate,
      schema: {
        tags: ['auth'],
        summary: 'Change one\'s own password: every other session ends, this browser gets a new one',
        body: ref('password-change'),
        response: { 200: ref('user-answer'), ...errorResponses },
      },
      config: {
        rateLimit: {
          max: opts.passwordRateLimit.max,
          timeWindow: opts.passwordRateLimit.timeWindowMs,
          hook: 'preHandler',
          keyGenerator: (req) => `password|${req.cookies[SESSION_COOKIE] ?? req.ip}`,
        },
      },
    },
    async (req, reply: FastifyReply) => {
      const me = req.user!;
      const row = await findUserByUsername(db, me.username);
      if (!row || !(await verifyPassword(req.body.current, row.password_hash))) {
        throw qtError('QT_PASSWORD_WRONG', { details: [{ field: 'current' }] });
      }
      if (req.body.next === req.body.current) {
        throw qtError('QT_PASSWORD_WEAK', {
          messages: { vi: 'Mật khẩu mới phải khác mật khẩu hiện tại.', en: 'The new password must differ from the current one.' },
          details: [{ field: 'next', reason: 'same_as_current' }],
        });
      }
      checkStrength(req.body.next, me.username, 'next');
      const hash = await hashPassword(req.body.next);
      const now = clock.now();
      const token = await db.transaction().execute(async (tx) => {
        await tx.updateTable('users').set({ password_hash: hash, must_change_password: false }).where('id', '=', me.id).execute();
        // every session of the account ends, this one too: the browser gets a fresh token below
        await deleteUserSessions(tx, me.id);
        await appendAudit(tx, { at: now, actorId: me.id, action: 'user.password_changed', requestId: req.id, caseId: null, detail: { userId: me.id, username: me.username } });
        return createSession(tx, me.id, now, app.qt.sessionTtlMs);
      });
      closeSockets(me.id);
      reply.setCookie(SESSION_COOKIE, token, sessionCookie(req.protocol === 'https', app.qt.sessionTtlMs));
      return { user: toSessionUser({ ...row, must_change_password: false }) };
    },
  );
};

const sameRoles = (a: string[], b: string[]) => a.length === b.length && [...a].sort().join() === [...b].sort().join();
