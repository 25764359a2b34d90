#!/usr/bin/env node
// Writes the validation fixtures under tests/procedures/samples/:
//  - the valid samples get a fresh copy of their workflow file as procedure.json (their
//    _config.json, with the steps to run, is written by hand and left alone);
//  - each broken sample is workflows/harmful-content.json with one thing broken, plus a
//    _config.json naming the error(s) the validator must report.
// Run: node tests/procedures/make-broken.mjs   (re-run after changing a workflow file)
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const samples = join(here, 'samples');
const read = (rel) => JSON.parse(readFileSync(join(root, rel), 'utf8'));
const write = (file, value) => writeFileSync(file, JSON.stringify(value, null, 2) + '\n');

// ------------------------------------------------------------------ valid samples
const VALID = {
  'harmful-content-happy-path': 'workflows/harmful-content.json',
  'harmful-content-rejected': 'workflows/harmful-content.json',
  'harmful-content-overdue': 'workflows/harmful-content.json',
  'harmful-content-referred': 'workflows/harmful-content.json',
  'harmful-content-counter': 'workflows/harmful-content.json',
  'harmful-content-cancelled': 'workflows/harmful-content.json',
  'impersonation-parallel': 'workflows/impersonation-page.json',
  'impersonation-not-fake': 'workflows/impersonation-page.json',
  'impersonation-cancelled': 'workflows/impersonation-page.json',
};
for (const [name, file] of Object.entries(VALID)) {
  const dir = join(samples, name);
  mkdirSync(dir, { recursive: true });
  write(join(dir, 'procedure.json'), read(file));
  if (!existsSync(join(dir, '_config.json'))) console.warn(`! ${name}: _config.json is missing (write it by hand)`);
}

// ------------------------------------------------------------------ broken samples
const S = (p) => p.machine.states;
const verifying = (p) => S(p).verifying;
const removal = (p) => S(p).removal;
const err = (path, code) => ({ path, code });

/** name → [what it does to the reference procedure, the errors expected]. One problem each. */
const BROKEN = {
  // -------------------------------------------------------------- targets and initial states
  'target-unknown': [
    (p) => (verifying(p).on.CONFIRM.target = 'decidng'),
    [err('/machine/states/verifying/on/CONFIRM/target', 'QT_TARGET_UNKNOWN')],
  ],
  'target-unknown-in-array': [
    (p) => (verifying(p).on.CONFIRM = [{ ...verifying(p).on.CONFIRM, target: 'decidng' }]),
    [err('/machine/states/verifying/on/CONFIRM/0/target', 'QT_TARGET_UNKNOWN')],
  ],
  'target-not-a-sibling': [
    // from removal.following_up, "reporting_back" would be a sibling inside removal: there is none
    (p) => (removal(p).states.following_up.on.REMOVED = { ...removal(p).states.following_up.on.REMOVED, target: 'reporting_back' }),
    [err('/machine/states/removal/states/following_up/on/REMOVED/target', 'QT_TARGET_UNKNOWN')],
  ],
  'root-target-without-dot': [
    // a root transition must target its children with a leading dot: ".cancelled"
    (p) => (p.machine.on.CANCEL.target = 'cancelled'),
    [err('/machine/on/CANCEL/target', 'QT_TARGET_UNKNOWN')],
  ],
  'initial-unknown': [
    (p) => (p.machine.initial = 'detect'),
    [err('/machine/initial', 'QT_INITIAL_UNKNOWN')],
  ],
  'nested-initial-unknown': [
    (p) => (removal(p).initial = 'request'),
    [err('/machine/states/removal/initial', 'QT_INITIAL_UNKNOWN')],
  ],

  // -------------------------------------------------------------- guards
  'guard-unknown': [
    (p) => (verifying(p).on.REJECT.guard = { type: 'reasonGiven', params: { field: 'reason' } }),
    [err('/machine/states/verifying/on/REJECT/guard', 'QT_GUARD_UNKNOWN')],
  ],
  'guard-unknown-in-composite': [
    (p) => (verifying(p).on.CONFIRM.guard.params.guards[1].type = 'notSameUserAs'),
    [err('/machine/states/verifying/on/CONFIRM/guard/params/guards/1', 'QT_GUARD_UNKNOWN')],
  ],
  'guard-params-missing-field': [
    (p) => (verifying(p).on.REJECT.guard = { type: 'fieldPresent', params: { source: 'form' } }),
    [err('/machine/states/verifying/on/REJECT/guard/params', 'QT_GUARD_PARAMS')],
  ],
  'guard-params-wrong-type': [
    (p) => (S(p).detected.on.SUBMIT.guard.params.guards[0].params.min = 'one'),
    [err('/machine/states/detected/on/SUBMIT/guard/params/guards/0/params', 'QT_GUARD_PARAMS')],
  ],
  'step-unknown': [
    // four-eyes against a step the procedure never has
    (p) => (verifying(p).on.CONFIRM.guard.params.guards[1].params.step = 'REPORT'),
    [err('/machine/states/verifying/on/CONFIRM/guard/params/guards/1/params/step', 'QT_STEP_UNKNOWN')],
  ],

  // -------------------------------------------------------------- actions and delays
  'action-unknown': [
    (p) => (verifying(p).on.REJECT.actions[0].type = 'saveForm'),
    [err('/machine/states/verifying/on/REJECT/actions/0', 'QT_ACTION_UNKNOWN')],
  ],
  'action-params-notify-no-message': [
    (p) => delete removal(p).states.overdue.entry[0].params.message,
    [err('/machine/states/removal/states/overdue/entry/0/params', 'QT_ACTION_PARAMS')],
  ],
  'action-params-setfield-no-field': [
    (p) => (verifying(p).on.REJECT.actions[1].params = { value: 'no_violation' }),
    [err('/machine/states/verifying/on/REJECT/actions/1/params', 'QT_ACTION_PARAMS')],
  ],
  'delay-unknown': [
    (p) => (removal(p).states.following_up.after = { sevenDays: { target: 'overdue' } }),
    [err('/machine/states/removal/states/following_up/after/sevenDays', 'QT_DELAY_UNKNOWN')],
  ],
  'sla-invalid': [
    (p) => (verifying(p).meta.sla = '48 giờ'),
    [err('/machine/states/verifying/meta/sla', 'QT_DURATION_INVALID')],
  ],
  'sla-invalid-nested': [
    (p) => (removal(p).states.following_up.meta.sla = 'P7'),
    [err('/machine/states/removal/states/following_up/meta/sla', 'QT_DURATION_INVALID')],
  ],

  // -------------------------------------------------------------- forms
  'form-schema-bad-type': [
    (p) => (verifying(p).on.CONFIRM.meta.form.schema.properties.severity.type = 'strng'),
    [err('/machine/states/verifying/on/CONFIRM/meta/form/schema', 'QT_FORM_SCHEMA_INVALID')],
  ],
  'form-schema-required-not-array': [
    (p) => (verifying(p).on.REJECT.meta.form.schema.required = 'reason'),
    [err('/machine/states/verifying/on/REJECT/meta/form/schema', 'QT_FORM_SCHEMA_INVALID')],
  ],
  'start-form-schema-invalid': [
    (p) => (p.start.form.schema.properties.urls.minItems = -1),
    [err('/start/form/schema', 'QT_FORM_SCHEMA_INVALID')],
  ],

  // -------------------------------------------------------------- roles
  'role-undeclared-state': [
    (p) => (verifying(p).meta.roles = ['inspector']),
    [err('/machine/states/verifying/meta/roles/0', 'QT_ROLE_UNDECLARED')],
  ],
  'role-undeclared-transition': [
    (p) => (verifying(p).on.CONFIRM.meta.roles = ['verifier', 'inspector']),
    [err('/machine/states/verifying/on/CONFIRM/meta/roles/1', 'QT_ROLE_UNDECLARED')],
  ],
  'role-undeclared-start': [
    (p) => (p.start.roles = ['reporter']),
    [err('/start/roles/0', 'QT_ROLE_UNDECLARED')],
  ],
  'role-removed-from-roles-list': [
    // the secretariat role is still used by the reporting step and its action
    (p) => (p.roles = p.roles.filter((r) => r.id !== 'secretariat')),
    [
      err('/machine/states/reporting_back/meta/roles/0', 'QT_ROLE_UNDECLARED'),
      err('/machine/states/reporting_back/on/SUBMIT_REPORT/meta/roles/0', 'QT_ROLE_UNDECLARED'),
    ],
  ],

  // -------------------------------------------------------------- graph
  'state-unreachable': [
    (p) => delete S(p).deciding.on.REFER,
    [err('/machine/states/referred', 'QT_STATE_UNREACHABLE')],
  ],
  'state-unreachable-nested': [
    // without its timer, following_up never becomes overdue
    (p) => delete removal(p).states.following_up.after,
    [err('/machine/states/removal/states/overdue', 'QT_STATE_UNREACHABLE')],
  ],
  'state-no-path-to-final': [
    // the referral loops on itself: only CANCEL (global) could end the case
    (p) => (S(p).referred.on.REFERRAL_ACKNOWLEDGED.target = 'referred'),
    [err('/machine/states/referred', 'QT_STATE_NO_PATH_TO_FINAL')],
  ],
  'state-no-actor': [
    // the only action in `referred` has no role allowed to take it
    (p) => delete S(p).referred.on.REFERRAL_ACKNOWLEDGED.meta.roles,
    [err('/machine/states/referred', 'QT_STATE_NO_ACTOR')],
  ],
  'state-no-actor-nested': [
    (p) => {
      delete removal(p).states.requested.on.SENT.meta.roles;
    },
    [err('/machine/states/removal/states/requested', 'QT_STATE_NO_ACTOR')],
  ],

  // -------------------------------------------------------------- schema (QT_SCHEMA)
  'schema-unknown-key-onn': [
    (p) => {
      const v = verifying(p);
      v.onn = v.on;
      delete v.on;
    },
    [err('/machine/states/verifying/onn', 'QT_SCHEMA')],
  ],
  'schema-xstate-v4-cond': [
    (p) => {
      const t = verifying(p).on.CONFIRM;
      verifying(p).on.CONFIRM = { target: t.target, cond: t.guard, actions: t.actions, meta: t.meta };
    },
    [err('/machine/states/verifying/on/CONFIRM/cond', 'QT_SCHEMA')],
  ],
  'schema-xstate-v4-in': [
    (p) => (removal(p).states.following_up.on.REMOVED = { ...removal(p).states.following_up.on.REMOVED, in: '#harmful-content.removal' }),
    [err('/machine/states/removal/states/following_up/on/REMOVED/in', 'QT_SCHEMA')],
  ],
  'schema-missing-state-title': [
    (p) => delete S(p).deciding.meta.title,
    [err('/machine/states/deciding/meta/title', 'QT_SCHEMA')],
  ],
  'schema-missing-procedure-title': [
    (p) => delete p.title,
    [err('/title', 'QT_SCHEMA')],
  ],
  'schema-missing-english-label': [
    (p) => (verifying(p).on.CONFIRM.meta.label = { vi: 'Xác nhận vi phạm' }),
    [err('/machine/states/verifying/on/CONFIRM/meta/label/en', 'QT_SCHEMA')],
  ],
  'schema-state-missing-meta': [
    (p) => delete S(p).reporting_back.meta,
    [err('/machine/states/reporting_back/meta', 'QT_SCHEMA')],
  ],
};

let n = 0;
for (const [name, [edit, errors]] of Object.entries(BROKEN)) {
  const p = read('workflows/harmful-content.json');
  edit(p);
  const dir = join(samples, `broken-${name}`);
  mkdirSync(dir, { recursive: true });
  write(join(dir, 'procedure.json'), p);
  write(join(dir, '_config.json'), { valid: false, errors });
  n++;
}
console.log(`${Object.keys(VALID).length} valid samples refreshed, ${n} broken samples written to ${samples}`);
