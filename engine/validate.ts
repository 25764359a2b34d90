// validateProcedure: every problem of a procedure file at once, each with a JSON-pointer path,
// a code and a message in both languages that says what to do.
import { parseDuration } from './duration.ts';
import { schemaProblem } from './forms.ts';
import { validateProcedureFile as validateFile } from './generated/schema-validators.js';
import { errorsText, schemaCheck } from './json-schema.ts';
import { checkGraph } from './graph.ts';
import { ProblemCode, schemaProblems } from './schema-problems.ts';
import { deadlineFieldProblems } from './deadline-field.ts';
import { eachState, escapePointer, invokesOf, normalizeTransitions, resolveTarget, stateConfigAt, statePointer } from './paths.ts';
import { serviceRegistry } from './services.ts';
import { bareMachineProblem, isBareMachine, nameOf } from './names.ts';
import { summaryFields } from './case-summary.ts';
import { stateRoles } from './waiting.ts';
import { actionRegistry, compositeGuards, delayRegistry, guardRegistry, lookup } from './registry.ts';
import type { Form, JsonSchema, MachineConfig, Procedure, Ref, StateConfig, Text, TransitionConfig, ValidationProblem, ValidationResult } from './types.ts';

export { ProblemCode } from './schema-problems.ts';

/** What is wrong with the params of a guard or action, in one line, or null. */
function paramsProblem(schema: JsonSchema, params: unknown): string | null {
  const errors = schemaCheck(schema)(params);
  return errors.length ? errorsText(errors, 'params') : null;
}


class Checker {
  problems: ValidationProblem[] = [];
  readonly roles: Set<string>;
  readonly events: Set<string>;
  readonly placeholders: { guards: Set<string>; actions: Set<string>; services: Set<string> };
  readonly delays: Record<string, unknown>;
  constructor(readonly procedure: Procedure) {
    const names = (list: unknown) => new Set(Array.isArray(list) ? list.filter((n): n is string => typeof n === 'string') : []);
    const declared = procedure.placeholders ?? {};
    this.placeholders = { guards: names(declared.guards), actions: names(declared.actions), services: names(declared.services) };
    this.delays = procedure.delays && typeof procedure.delays === 'object' ? procedure.delays : {};
    this.roles = new Set((Array.isArray(procedure.roles) ? procedure.roles : []).map((r) => r?.id));
    this.events = new Set(['OPEN']);
    const collect = (s: StateConfig) => {
      for (const k of Object.keys(s.on ?? {})) this.events.add(k);
      for (const c of Object.values(s.states ?? {})) if (c && typeof c === 'object') collect(c);
    };
    collect(procedure.machine);
  }

  add(path: string, code: string, message: Text, severity: ValidationProblem['severity'] = 'error') {
    this.problems.push({ path, code, severity, message });
  }

  /** The summary names fields of the start form: a case's one line comes from what was filled in. */
  summaryField() {
    const fields = (this.procedure.start?.form?.schema?.properties ?? {}) as Record<string, unknown>;
    summaryFields(this.procedure).forEach((field, i) => {
      if (Object.hasOwn(fields, field)) return;
      const path = Array.isArray(this.procedure.summaryField) ? `/summaryField/${i}` : '/summaryField';
      this.add(path, ProblemCode.SummaryFieldUnknown, {
        vi: `Trường tóm tắt "${field}" không có trong biểu mẫu mở hồ sơ. Hãy chọn một trường của biểu mẫu đó.`,
        en: `The summary field "${field}" is not in the form that opens a case. Choose a field of that form.`,
      });
    });
  }

  /** A role hands cases to officials of the roles it `assigns`: each declared, and working some step. */
  assigns() {
    const working = new Set(eachState(this.procedure.machine).flatMap(({ state }) => state.meta?.roles ?? []));
    const titles = new Map((Array.isArray(this.procedure.roles) ? this.procedure.roles : []).map((r) => [r?.id, r?.title]));
    (Array.isArray(this.procedure.roles) ? this.procedure.roles : []).forEach((r, i) => {
      (Array.isArray(r?.assigns) ? r.assigns : []).forEach((x, k) => {
        const path = `/roles/${i}/assigns/${k}`;
        if (!this.roles.has(x)) return this.role(x, path);
        if (working.has(x)) return;
        const by = titles.get(r.id) ?? { vi: r.id, en: r.id };
        const to = titles.get(x) ?? { vi: x, en: x };
        this.add(path, ProblemCode.AssignsNoStep, {
          vi: `"${by.vi}" được giao hồ sơ cho "${to.vi}", nhưng không bước nào do "${to.vi}" xử lý: người được giao sẽ không có thao tác nào. Hãy thêm vai trò này vào một bước hoặc bỏ khỏi danh sách giao.`,
          en: `"${by.en}" may hand cases to "${to.en}", but no step is worked by "${to.en}": whoever gets the case could do nothing with it. Add the role to a step or remove it from the list.`,
        }, 'warning');
      });
    });
  }

  role(role: unknown, path: string) {
    if (typeof role === 'string' && !this.roles.has(role)) {
      this.add(path, ProblemCode.RoleUndeclared, {
        vi: `Vai trò "${role}" chưa được khai báo trong danh sách vai trò của quy trình. Hãy khai báo hoặc chọn vai trò khác.`,
        en: `Role "${role}" is not declared in the procedure's roles. Declare it or pick another role.`,
      });
    }
  }

  form(form: Form | undefined, path: string) {
    if (!form || typeof form !== 'object') return;
    const problem = schemaProblem(form.schema);
    if (problem) {
      this.add(`${path}/schema`, ProblemCode.FormSchemaInvalid, {
        vi: `Biểu mẫu không phải JSON Schema hợp lệ: ${problem}. Hãy sửa định nghĩa trường.`,
        en: `The form is not valid JSON Schema: ${problem}. Correct the field definitions.`,
      });
      return;
    }
    const props = (form.schema.properties ?? {}) as Record<string, unknown>;
    for (const [name, prop] of Object.entries(props)) {
      const label = form.ui?.fields?.[name]?.label;
      const title = prop && typeof prop === 'object' ? (prop as { title?: unknown }).title : undefined;
      if (!(label && typeof label === 'object' && (label.vi || label.en)) && !(typeof title === 'string' && title.trim())) {
        // officials would read the field's code on the form, the timeline and the case page
        this.add(`${path}/schema/properties/${escapePointer(name)}`, ProblemCode.FieldLabelMissing, {
          vi: `Trường "${name}" chưa có nhãn: cán bộ sẽ thấy mã trường thay cho tên. Hãy đặt nhãn cho trường.`,
          en: `Field "${name}" has no label: officials would see its code instead of a name. Give the field a label.`,
        }, 'warning');
      }
    }
    for (const name of Object.keys(form.ui?.fields ?? {})) {
      if (!(name in props)) {
        this.add(`${path}/ui/fields/${escapePointer(name)}`, ProblemCode.FormUiUnknownField, {
          vi: `Gợi ý giao diện cho trường "${name}" nhưng biểu mẫu không có trường này.`,
          en: `UI hints for field "${name}" but the form has no such field.`,
        }, 'warning');
      }
    }
  }

  placeholder(kind: 'guards' | 'actions' | 'services', name: string, path: string): boolean {
    if (!this.placeholders[kind].has(name)) return false;
    const what = { guards: ['Điều kiện', 'Guard'], actions: ['Hành động', 'Action'], services: ['Bước tự động', 'Automated step'] }[kind];
    this.add(path, ProblemCode.PlaceholderUnbound, {
      vi: `${what[0]} "${name}" cần được định nghĩa: gắn với một mục có sẵn trong danh mục hoặc xóa đi trước khi phát hành.`,
      en: `${what[1]} "${name}" is to be defined: bind it to one of the registry's entries or remove it before publishing.`,
    }, 'publish');
    return true;
  }

  guard(ref: Ref, path: string) {
    if (ref === undefined || ref === null) return;
    const type = nameOf(ref);
    const params = (typeof ref === 'string' ? {} : ref?.params) ?? {};
    const composite = lookup(compositeGuards, type);
    const leaf = lookup(guardRegistry, type);
    if (!composite && !leaf) {
      if (this.placeholder('guards', type, path)) return;
      this.add(path, ProblemCode.GuardUnknown, {
        vi: `Điều kiện "${type}" không có trong danh mục. Chọn một trong: ${[...Object.keys(guardRegistry), ...Object.keys(compositeGuards)].join(', ')}.`,
        en: `Guard "${type}" is not in the registry. Pick one of: ${[...Object.keys(guardRegistry), ...Object.keys(compositeGuards)].join(', ')}.`,
      });
      return;
    }
    const def = (composite ?? leaf)!;
    const problem = paramsProblem(def.params, params);
    if (problem) {
      // A machine's own guard that shares a name with the registry's: to define, like any other.
      if (this.placeholder('guards', type, path)) return;
      this.add(typeof ref === 'string' ? path : `${path}/params`, ProblemCode.GuardParams, {
        vi: `Tham số của điều kiện "${type}" không hợp lệ: ${problem}.`,
        en: `Params of guard "${type}" are invalid: ${problem}.`,
      });
      return;
    }
    if (type === 'and' || type === 'or') (params.guards as Ref[]).forEach((g, i) => this.guard(g, `${path}/params/guards/${i}`));
    if (type === 'not') this.guard(params.guard as Ref, `${path}/params/guard`);
    if (type === 'inState') {
      const target = resolveTarget(this.procedure.machine, '', String(params.state).startsWith('#') ? String(params.state) : `.${params.state}`);
      if (target === null) {
        this.add(`${path}/params/state`, ProblemCode.TargetUnknown, {
          vi: `Trạng thái "${params.state}" không tồn tại.`,
          en: `State "${params.state}" does not exist.`,
        });
      }
    }
    if (type === 'notSameActorAs' && !this.events.has(String(params.step))) {
      this.add(`${path}/params/step`, ProblemCode.StepUnknown, {
        vi: `Bước "${params.step}" không có trong quy trình. Chọn một thao tác có thật (hoặc OPEN: mở hồ sơ).`,
        en: `Step "${params.step}" is not in the procedure. Pick an existing action (or OPEN: opening the case).`,
      });
    }
    if (type === 'actorHasRole') this.role(params.role, `${path}/params/role`);
  }

  actions(refs: Ref | Ref[] | undefined, path: string) {
    if (refs === undefined) return;
    const list = Array.isArray(refs) ? refs : [refs];
    list.forEach((ref, i) => {
      const p = Array.isArray(refs) ? `${path}/${i}` : path;
      const type = nameOf(ref);
      const params = (typeof ref === 'string' ? {} : ref?.params) ?? {};
      const def = lookup(actionRegistry, type);
      if (!def) {
        if (this.placeholder('actions', type, p)) return;
        this.add(p, ProblemCode.ActionUnknown, {
          vi: `Hành động "${type}" không có trong danh mục. Chọn một trong: ${Object.keys(actionRegistry).join(', ')}.`,
          en: `Action "${type}" is not in the registry. Pick one of: ${Object.keys(actionRegistry).join(', ')}.`,
        });
        return;
      }
      const problem = paramsProblem(def.params, params);
      if (problem) {
        if (this.placeholder('actions', type, p)) return;
        this.add(typeof ref === 'string' ? p : `${p}/params`, ProblemCode.ActionParams, {
          vi: `Tham số của hành động "${type}" không hợp lệ: ${problem}.`,
          en: `Params of action "${type}" are invalid: ${problem}.`,
        });
        return;
      }
      if (type === 'assignTo' || type === 'notify') this.role(params.role, `${p}/params/role`);
    });
  }

  transitions(value: unknown, sourcePath: string, ptr: string) {
    if (value === undefined) return;
    const list = normalizeTransitions(value as never);
    list.forEach((t: TransitionConfig, i) => {
      if (!t || typeof t !== 'object') return;
      const tp = Array.isArray(value) ? `${ptr}/${i}` : ptr;
      const targets = t.target === undefined ? [] : Array.isArray(t.target) ? t.target : [t.target];
      targets.forEach((target, j) => {
        if (typeof target !== 'string') return;
        if (resolveTarget(this.procedure.machine, sourcePath, target) === null) {
          const at = typeof value === 'string' ? tp : Array.isArray(t.target) ? `${tp}/target/${j}` : `${tp}/target`;
          const id = typeof this.procedure.machine.id === 'string' && this.procedure.machine.id ? this.procedure.machine.id : null;
          const from = sourcePath ? { vi: ` (từ bước "${sourcePath}")`, en: ` (from step "${sourcePath}")` } : { vi: '', en: '' };
          this.add(at, ProblemCode.TargetUnknown, {
            vi: `Đích "${target}"${from.vi} không tồn tại. Trạng thái cùng cấp viết "ten", trạng thái con viết ".ten", tuyệt đối viết "#${id ?? '<mã máy>'}.a.b".`,
            en: `Target "${target}"${from.en} does not exist. Write a sibling as "name", a child as ".name", an absolute one as "#${id ?? '<machine id>'}.a.b".`,
          });
        }
      });
      if (t.guard !== undefined) this.guard(t.guard, `${tp}/guard`);
      this.actions(t.actions, `${tp}/actions`);
      if (typeof targets[0] === 'string') this.assignment(t, resolveTarget(this.procedure.machine, sourcePath, targets[0]), `${tp}/actions`);
      (t.meta?.roles ?? []).forEach((r, k) => this.role(r, `${tp}/meta/roles/${k}`));
      this.form(t.meta?.form, `${tp}/meta/form`);
    });
  }

  /** An assigned role the entered step does not work is ignored (waiting.ts): say so. */
  assignment(t: TransitionConfig, target: string | null, ptr: string) {
    if (target === null) return;
    let leaf = target;
    for (let s = stateConfigAt(this.procedure.machine, leaf); s?.states && s.type !== 'parallel' && typeof s.initial === 'string'; s = stateConfigAt(this.procedure.machine, leaf)) leaf = `${leaf}.${s.initial}`;
    const roles = stateRoles(this.procedure, [leaf]);
    const refs = t.actions === undefined ? [] : Array.isArray(t.actions) ? t.actions : [t.actions];
    refs.forEach((ref, i) => {
      const role = typeof ref === 'object' && ref?.type === 'assignTo' ? ref.params?.role : undefined;
      if (typeof role !== 'string' || roles.length === 0 || roles.includes(role)) return;
      const p = Array.isArray(t.actions) ? `${ptr}/${i}/params/role` : `${ptr}/params/role`;
      this.add(p, ProblemCode.AssignNotStateRole, {
        vi: `Hồ sơ được giao cho vai trò "${role}" nhưng bước tiếp theo do ${roles.join(', ')} xử lý: phần "Đang chờ" sẽ theo vai trò của bước. Hãy giao cho một trong các vai trò đó hoặc bỏ việc giao.`,
        en: `The case is assigned to "${role}" but the next step is worked by ${roles.join(', ')}: "waiting on" follows the step's roles. Assign one of those roles or remove the assignment.`,
      }, 'warning');
    });
  }

  state(state: StateConfig, path: string) {
    const ptr = statePointer(path);
    const children = state.states && typeof state.states === 'object' ? state.states : null;
    if (children && Object.keys(children).length && state.type !== 'parallel') {
      if (typeof state.initial !== 'string' || !(state.initial in children)) {
        this.add(`${ptr}/initial`, ProblemCode.InitialUnknown, {
          vi: `Trạng thái đầu "${state.initial ?? ''}" không có trong các trạng thái con (${Object.keys(children).join(', ')}).`,
          en: `Initial state "${state.initial ?? ''}" is not one of the child states (${Object.keys(children).join(', ')}).`,
        });
      }
    }
    const title = state.meta?.title;
    if (path && (!title || typeof title !== 'object' || !title.vi || !title.en)) {
      this.add(`${ptr}/meta/title`, ProblemCode.StateTitleMissing, {
        vi: `Bước "${path}" chưa có tên bằng cả tiếng Việt và tiếng Anh. Hãy đặt tên trước khi phát hành.`,
        en: `Step "${path}" has no title in both Vietnamese and English. Give it one before publishing.`,
      }, 'publish');
    }
    (state.meta?.roles ?? []).forEach((r, k) => this.role(r, `${ptr}/meta/roles/${k}`));
    invokesOf(state).forEach((inv, i) => {
      const ip = Array.isArray(state.invoke) ? `${ptr}/invoke/${i}` : `${ptr}/invoke`;
      const src = nameOf(inv.src);
      const service = lookup(serviceRegistry, src);
      if (!service && !this.placeholder('services', src, `${ip}/src`)) {
        this.add(`${ip}/src`, ProblemCode.ServiceUnknown, {
          vi: `Bước tự động "${src}" không có trong danh mục. Chọn một trong: ${Object.keys(serviceRegistry).join(', ')}.`,
          en: `Automated step "${src}" is not in the registry. Pick one of: ${Object.keys(serviceRegistry).join(', ')}.`,
        });
      }
      const problem = service ? schemaCheck(service.input)(inv.input ?? {}) : [];
      if (problem.length && !this.placeholder('services', src, `${ip}/input`)) {
        this.add(`${ip}/input`, ProblemCode.ServiceInput, {
          vi: `Đầu vào của bước tự động "${src}" không hợp lệ: ${errorsText(problem, 'input')}.`,
          en: `The input of automated step "${src}" is invalid: ${errorsText(problem, 'input')}.`,
        });
      }
      this.transitions(inv.onDone, path, `${ip}/onDone`);
      this.transitions(inv.onError, path, `${ip}/onError`);
    });
    if (state.meta?.sla !== undefined && !parseDuration(state.meta.sla)) {
      this.add(`${ptr}/meta/sla`, ProblemCode.DurationInvalid, {
        vi: `Thời hạn "${state.meta.sla}" không đúng định dạng ISO 8601 (ví dụ PT24H là 24 giờ, P7D là 7 ngày).`,
        en: `Deadline "${state.meta.sla}" is not an ISO 8601 duration (e.g. PT24H for 24 hours, P7D for 7 days).`,
      });
    }
    this.actions(state.entry, `${ptr}/entry`);
    this.actions(state.exit, `${ptr}/exit`);
    for (const [event, value] of Object.entries(state.on ?? {})) this.transitions(value, path, `${ptr}/on/${escapePointer(event)}`);
    for (const [delay, value] of Object.entries(state.after ?? {})) {
      const dp = `${ptr}/after/${escapePointer(delay)}`;
      const named = Object.hasOwn(this.delays, delay) ? this.delays[delay] : undefined;
      if (named === null || (typeof named === 'string' && !parseDuration(named))) {
        this.add(dp, ProblemCode.DelayUnset, {
          vi: `Thời gian chờ "${delay}" chưa được đặt. Hãy nhập một khoảng thời gian (ví dụ 2 giờ, 7 ngày) trong phần cài đặt của quy trình.`,
          en: `Delay "${delay}" is not set. Enter a duration (e.g. 2 hours, 7 days) in the procedure's settings.`,
        }, 'publish');
      } else if (named === undefined && !/^\d+$/.test(delay) && !parseDuration(delay) && !lookup(delayRegistry, delay)) {
        this.add(dp, ProblemCode.DelayUnknown, {
          vi: `Thời gian chờ "${delay}" không phải khoảng thời gian ISO 8601 (như PT24H) hay tên có sẵn (${Object.keys(delayRegistry).join(', ')}).`,
          en: `Delay "${delay}" is neither an ISO 8601 duration (like PT24H) nor a known name (${Object.keys(delayRegistry).join(', ')}).`,
        });
      }
      this.transitions(value, path, dp);
    }
    this.transitions(state.always, path, `${ptr}/always`);
    this.transitions(state.onDone, path, `${ptr}/onDone`);
    for (const [key, child] of Object.entries(children ?? {})) {
      if (child && typeof child === 'object') this.state(child, path ? `${path}.${key}` : key);
    }
  }
}

export function validateProcedure(file: unknown): ValidationResult {
  // Key-by-key advice would delete a bare machine: say what it is and how to bring it in.
  if (isBareMachine(file)) return { valid: false, errors: [bareMachineProblem(ProblemCode.BareMachine)] };
  const problems: ValidationProblem[] = [];
  if (!validateFile(file)) problems.push(...schemaProblems(validateFile.errors ?? []));
  const procedure = file as Procedure;
  const machine = (procedure as { machine?: MachineConfig } | null)?.machine;
  if (machine && typeof machine === 'object' && machine.states && typeof machine.states === 'object') {
    let checker: Checker | null = null;
    try {
      const c = (checker = new Checker(procedure));
      c.state(machine, '');
      (Array.isArray(procedure.start?.roles) ? procedure.start.roles : []).forEach((r, i) => c.role(r, `/start/roles/${i}`));
      c.form(procedure.start?.form, '/start/form');
      c.summaryField();
      c.assigns();
      c.problems.push(...deadlineFieldProblems(procedure));
      const structural = c.problems.some((p) => p.code === ProblemCode.TargetUnknown || p.code === ProblemCode.InitialUnknown);
      if (!structural) c.problems.push(...checkGraph(machine));
    } catch (e) {
      // A malformed part the schema already reported can trip a check; the schema error says it.
      if (!problems.length) throw e;
    }
    problems.push(...(checker?.problems ?? []));
  }
  // valid: ready to publish. A draft with only `publish` problems still saves, opens and simulates.
  return { valid: !problems.some((p) => p.severity !== 'warning'), errors: problems };
}
