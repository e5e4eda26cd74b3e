package io.ratekit.scripts.worker;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nothing a script does carries over to another frame (issue 20): a hostile script tries every
 * place Python offers to keep data or to watch the next frame - builtins, globals, {@code __main__},
 * module and class attributes, {@code sys.modules}, {@code sys.path}, the decimal context and its
 * defaults, import, profile and meta-path hooks, replacing {@code json.loads} (which reads the next
 * frame), the runner's old names and caches, frame and {@code gc} scans - and the next frame, of
 * another scope, finds none of it and is priced as if the script had never run.
 */
class ScriptIsolationTest {

    // reads every hiding place, then fills them all with this frame's scope and sets every hook
    static final String SPY = """
            import builtins, sys, types, decimal, json, gc, atexit, __main__
            me = data['usage']['vcpu'][0]['groupby']['project_id']
            found = []
            def look(where, value):
                if value:
                    found.append('%s=%r' % (where, value))
            look('builtins', getattr(builtins, 'ratekit_stash', None))
            look('hooks fired', getattr(builtins, 'ratekit_hooked', None))
            look('globals', globals().get('stash'))
            look('__main__', getattr(__main__, 'stash', None))
            look('decimal module', getattr(decimal, 'stash', None))
            look('json module', getattr(json, 'stash', None))
            look('sys.modules', getattr(sys.modules.get('ratekit_stash'), 'stash', None))
            look('class attribute', getattr(decimal.Context, 'stash', None))
            look('class attribute of json', getattr(json.JSONDecoder, 'stash', None))
            look('decimal prec', None if decimal.getcontext().prec == 28 else decimal.getcontext().prec)
            look('decimal default prec', None if decimal.DefaultContext.prec == 28 else decimal.DefaultContext.prec)
            look('sys.path', [p for p in sys.path if 'stash' in p])
            look('json.loads replaced', json.loads.__name__ != 'loads')
            look('runner names', [n for n in ('_PARSED', '_texts', '_fresh_context', 'ratekit_run', 'ratekit_prepare',
                                              'ratekit_finish', '_ratekit_runner') if n in vars(__main__)])
            look('main names', sorted(n for n in vars(__main__) if not n.startswith('__') and n not in globals()))
            def scan(value, depth=0):
                # any dict anywhere that names another scope
                if depth < 6 and isinstance(value, dict):
                    other = value.get('project_id')
                    if isinstance(other, str) and other != me:
                        found.append('scan=' + other)
                    for v in list(value.values()):
                        scan(v, depth + 1)
                elif depth < 6 and isinstance(value, (list, tuple)):
                    for v in list(value)[:50]:
                        scan(v, depth + 1)
            f = sys._getframe()
            while f is not None:
                scan(dict(f.f_locals))
                scan(dict(f.f_globals))
                f = f.f_back
            for o in (gc.get_objects() if hasattr(gc, 'get_objects') else []):
                scan(o)
            for p in data['usage']['vcpu']:
                p['rating']['price'] = p['vol']['qty'] * decimal.Decimal('0.1234567890123456789')
            print('found', found)

            # now leave everything behind that a later frame could find or that would watch it
            builtins.ratekit_stash = [me]
            stash = me
            __main__.stash = me
            decimal.stash = me
            json.stash = me
            module = types.ModuleType('ratekit_stash')
            module.stash = me
            sys.modules['ratekit_stash'] = module
            decimal.Context.stash = me
            json.JSONDecoder.stash = me
            decimal.getcontext().prec = 3
            decimal.DefaultContext.prec = 3
            sys.path.append('/stash-' + me)
            for name in ('_PARSED', '_texts'):
                setattr(__main__, name, {'2': (0, '9', 0, False)})
            __main__._fresh_context = lambda: decimal.getcontext()
            def hooked(*args, **kwargs):
                builtins.ratekit_hooked = me
            real_loads = json.loads
            def spy_loads(text, *args, **kwargs):
                builtins.ratekit_stash = [me, 'next frame: ' + str(text)[:300]]
                return real_loads(text, *args, **kwargs)
            json.loads = spy_loads
            real_import = builtins.__import__
            def spy_import(*args, **kwargs):
                hooked()
                return real_import(*args, **kwargs)
            builtins.__import__ = spy_import
            class Finder:
                def find_spec(self, name, path=None, target=None):
                    hooked()
                    return None
            sys.meta_path.insert(0, Finder())
            try:
                sys.setprofile(lambda frame, event, arg: hooked())
                sys.settrace(lambda frame, event, arg: hooked())
            except Exception:
                pass
            atexit.register(hooked)
            decimal.Decimal.__mul__ = lambda a, b: decimal.Decimal(999)
            """;

    private static ScriptSandbox sandbox;

    @BeforeAll
    static void start() throws Exception {
        sandbox = new ScriptSandbox(100_000_000L, 64 * 1024, 2);
        sandbox.warmUp();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    static String frame(String scope, String qty) {
        return "{\"period\": {\"begin\": \"2026-03-01T10:00:00Z\", \"end\": \"2026-03-01T11:00:00Z\"},"
                + " \"usage\": {\"vcpu\": [{\"vol\": {\"unit\": \"vcpu\", \"qty\": \"" + qty + "\"}, \"rating\": {\"price\": \"0\"},"
                + " \"groupby\": {\"project_id\": \"" + scope + "\"}, \"metadata\": {}}]}}";
    }

    private static ScriptSandbox.Outcome spy(String scope) {
        ScriptSandbox.Outcome outcome = sandbox.run(List.of(new ScriptSandbox.Script("spy", "1", SPY)), frame(scope, "2"), 20_000, 1 << 20);
        assertThat(outcome.failure()).as(String.valueOf(outcome.failure())).isNull();
        return outcome;
    }

    @Test
    void aFrameFindsNothingAnEarlierFrameLeftAndIsPricedAsIfNoneHadRun() {
        for (String scope : List.of("acme", "acme", "globex", "initech", "globex")) {
            ScriptSandbox.Outcome outcome = spy(scope);
            assertThat(outcome.printed().get(0).output()).as(scope).isEqualTo("found []\n");
            // 2 x 0.1234567890123456789 at 28 digits, whatever the previous frame did to decimal
            assertThat(outcome.data()).contains("\"price\": \"0.2469135780246913578\"").contains("\"qty\": \"2\"")
                    .isEqualTo(outcome.data().replace("acme", scope).replace("globex", scope).replace("initech", scope));
        }
    }

    @Test
    void theNextScriptOfTheSameFrameFindsNothingEither() {
        String reader = SPY.substring(0, SPY.indexOf("# now leave everything"));
        ScriptSandbox.Outcome outcome = sandbox.run(List.of(new ScriptSandbox.Script("spy", "1", SPY),
                new ScriptSandbox.Script("reader", "1", reader)), frame("acme", "2"), 20_000, 1 << 20);
        assertThat(outcome.failure()).as(String.valueOf(outcome.failure())).isNull();
        assertThat(outcome.printed()).extracting(ScriptSandbox.Printed::output).containsExactly("found []\n", "found []\n");
    }

    @Test
    void aScriptsGlobalsHoldOnlyData() {
        ScriptSandbox.Outcome outcome = sandbox.run(List.of(new ScriptSandbox.Script("globals", "1",
                "print(sorted(n for n in globals() if not n.startswith('__')))\n")), frame("acme", "1"), 20_000, 1 << 20);
        assertThat(outcome.printed().get(0).output()).isEqualTo("['data']\n");
    }

    @Test
    void whatTheSandboxRefusesIsToldWithoutJavaTexts() {
        Pattern host = Pattern.compile("\\b(java|jdk|sun|com\\.oracle|org\\.graalvm)\\.[a-z]|Exception:|/root");
        for (String code : List.of("import socket\nsocket.create_connection(('127.0.0.1', 5432))",
                "import threading\nthreading.Thread(target=print).start()",
                "import os\nos.getcwd()",
                "import os\nos.listdir('/')",
                "open('/etc/passwd').read()",
                "import java\njava.type('java.lang.System')",
                "import ctypes",
                "import polyglot\npolyglot.eval(language='js', string='1')")) {
            ScriptSandbox.Outcome outcome = sandbox.run(List.of(new ScriptSandbox.Script("refused", "1", code)), frame("acme", "1"), 20_000, 1 << 20);
            assertThat(outcome.failure()).as(code).isNotNull();
            assertThat(outcome.failure().getMessage()).as(code).doesNotContainPattern(host);
        }
    }
}
