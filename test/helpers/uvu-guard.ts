// uvu runs `before` and `after` hooks inside a try/finally whose `return`
// discards their errors: a suite whose setup fails shows "(0 / 3)" and no
// reason. test/run.ts routes every test file's `import ... from 'uvu'` here;
// the suites are uvu's own, with hooks that record their error (printed by
// the runner) before uvu swallows it.
import * as uvu from 'uvu';

export interface HookFailure {
  file: string;
  suite: string;
  hook: string;
  error: unknown;
}

export const hookFailures: HookFailure[] = ((globalThis as { PWLITE_HOOK_FAILURES?: HookFailure[] }).PWLITE_HOOK_FAILURES ??= []);

// uvu's own hook type, loosened: handlers may return anything.
type Hook = (handler: (state: any) => any) => void;
type Test = ReturnType<typeof uvu.suite>;

function guard(t: Test, suite: string): Test {
  const wrap = (hook: string, add: Hook): Hook => (handler) => {
    // Hooks are added while their file is imported (run.ts names it).
    const file = (globalThis as { PWLITE_TEST_FILE?: string }).PWLITE_TEST_FILE ?? '?';
    add(async (state) => {
      try {
        await handler(state);
      } catch (error) {
        hookFailures.push({ file, suite, hook, error });
        throw error;
      }
    });
  };
  // before.each failures already fail their test visibly; after.each ones do not.
  const before = Object.assign(wrap('before', t.before as Hook), { each: t.before.each });
  const after = Object.assign(wrap('after', t.after as Hook), { each: wrap('after.each', t.after.each as Hook) });
  return Object.assign(t, { before, after }) as Test;
}

export function suite(name = '', state = {}): Test {
  return guard(uvu.suite(name, state), name);
}

export const test = guard(uvu.test, '');
export const exec = uvu.exec;
